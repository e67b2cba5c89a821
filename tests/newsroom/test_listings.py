from datetime import UTC, datetime, timedelta

import pytest
from bs4 import BeautifulSoup

from broadsheet.newsroom.models import HomePage, HomeTopStory

START = datetime(2020, 1, 20, 9, 0, tzinfo=UTC)


def headlines(response, selector=".teaser-headline a"):
    return [a.get_text() for a in BeautifulSoup(response.content, "html.parser").select(selector)]


@pytest.fixture
def three_articles(make_article, china_tag):
    return [make_article(f"Story {n}", tags=[china_tag], published_at=START + timedelta(hours=n)) for n in range(3)]


def test_section_page_lists_its_articles_newest_first(client, world, three_articles):
    assert headlines(client.get(world.url)) == ["Story 2", "Story 1", "Story 0"]


def test_section_page_is_paginated(client, settings, world, three_articles):
    settings.ARTICLES_PER_PAGE = 2
    assert headlines(client.get(world.url)) == ["Story 2", "Story 1"]
    assert headlines(client.get(world.url + "?page=2")) == ["Story 0"]


@pytest.mark.parametrize("page", ["3", "0", "-1", "two", "9" * 30])
def test_page_numbers_out_of_range_or_malformed_are_a_404_in_site_design(client, settings, world, three_articles, page):
    settings.ARTICLES_PER_PAGE = 2
    response = client.get(world.url, {"page": page})
    assert response.status_code == 404
    assert "We can’t find that page" in response.content.decode()


@pytest.mark.parametrize("listing", ["section", "tag", "author"])
@pytest.mark.parametrize("page", ["abc", "999999", "0" * 30 + "1", "3"])
def test_a_page_number_that_is_no_page_is_answered_again_from_the_page_cache(
    client, settings, world, china_tag, author, three_articles, listing, page
):
    settings.ARTICLES_PER_PAGE = 2
    url = {"section": world.url, "tag": "/tags/china/", "author": "/authors/li-wei/"}[listing]
    assert client.get(url)["X-Page-Cache"] == "miss"  # the first page, kept as readers keep it
    first = client.get(url, {"page": page})
    again = client.get(url, {"page": page})
    other = client.get(url, {"page": "xyz"})  # every number that is no page shares the one kept 404
    assert [r.status_code for r in (first, again, other)] == [404, 404, 404]
    assert [r["X-Page-Cache"] for r in (first, again, other)] == ["miss", "hit", "hit"]
    assert again.content == first.content and "We can’t find that page" in again.content.decode()
    assert "ETag" not in again  # a 404 is not a version of a page
    assert headlines(client.get(url, {"page": "2"})) == ["Story 0"]  # real pages are still pages


def test_a_page_that_comes_into_being_is_served_instead_of_the_kept_404(client, settings, world, make_article):
    settings.ARTICLES_PER_PAGE = 1
    make_article("Older")
    client.get(world.url)
    assert client.get(world.url, {"page": "2"}).status_code == 404
    assert client.get(world.url, {"page": "2"})["X-Page-Cache"] == "hit"
    make_article("Newer")  # publication invalidates the section's first page, and its count of pages
    assert headlines(client.get(world.url, {"page": "2"})) == ["Older"]


def test_tag_page_lists_articles_with_that_tag(client, china_tag, three_articles, make_article):
    make_article("Untagged story")
    response = client.get("/tags/china/")
    assert headlines(response) == ["Story 2", "Story 1", "Story 0"]
    assert "Place" in response.content.decode()


def test_author_page_shows_profile_and_articles(client, author, three_articles):
    response = client.get("/authors/li-wei/")
    assert "Beijing correspondent" in response.content.decode()
    assert headlines(response) == ["Story 2", "Story 1", "Story 0"]


def test_unknown_tag_and_author_are_404(client, db):
    assert client.get("/tags/no-such-tag/").status_code == 404
    assert client.get("/authors/nobody/").status_code == 404


def test_front_page_leads_with_newest_story_when_editors_choose_none(client, three_articles):
    response = client.get("/")
    assert headlines(response, ".front-lead .teaser-lead .teaser-headline a") == ["Story 2"]


def test_front_page_shows_editors_lead_top_stories_latest_and_section_rows(
    client, home, three_articles, economy, make_article
):
    money = make_article("Markets calm", section=economy, published_at=START)
    home = HomePage.objects.get(pk=home.pk)
    home.lead_story = three_articles[0]
    home.save_revision().publish()
    HomeTopStory.objects.create(home=home, article=money, sort_order=0)
    response = client.get("/")
    page = BeautifulSoup(response.content, "html.parser")
    assert [a.get_text() for a in page.select(".teaser-lead .teaser-headline a")] == ["Story 0"]
    assert [a.get_text() for a in page.select(".top-stories .teaser-headline a")] == ["Markets calm"]
    assert [a.get_text() for a in page.select(".latest .teaser-headline a")] == ["Story 2", "Story 1"]
    rows = {
        row.h2.get_text(): [a.get_text() for a in row.select(".teaser-headline a")]
        for row in page.select(".section-row")
    }
    assert rows == {"World": ["Story 2", "Story 1", "Story 0"], "Economy": ["Markets calm"]}


def test_navigation_lists_live_sections(client, world, economy):
    links = headlines(client.get("/"), ".sections-nav a")
    assert links == ["World", "Economy"]


def test_front_page_queries_do_not_grow_with_the_number_of_stories(
    client, settings, make_article, economy, django_assert_max_num_queries
):
    from broadsheet.newsroom.factories import ImageFactory

    settings.PAGE_CACHE_ENABLED = False
    for n in range(12):
        make_article(f"Pictured {n}", section=economy if n % 2 else None, lead_image=ImageFactory())
    client.get("/")  # renditions are made on the first render
    with django_assert_max_num_queries(FRONT_PAGE_QUERIES):
        assert client.get("/").status_code == 200


# Site, home, top stories, lead, latest, one listing per section (with renditions), navigation.
FRONT_PAGE_QUERIES = 18
