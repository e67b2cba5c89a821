from datetime import UTC, datetime, timedelta

import pytest
from bs4 import BeautifulSoup

from broadsheet.newsroom.factories import AuthorFactory, TagFactory
from broadsheet.newsroom.models import Correction

MOMENT = datetime(2020, 1, 23, 17, 48, tzinfo=UTC)


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def article(make_article, author, china_tag):
    second = AuthorFactory(name="Elena Sokolova", slug="elena-sokolova")
    nato = TagFactory(name="NATO", slug="nato", kind="organisation")
    return make_article(
        "China and Russia will not form an alliance",
        standfirst="Analysts see no formal pact.",
        authors=[second, author],
        tags=[nato, china_tag],
        published_at=MOMENT,
        dateline_place="Beijing",
        body=[
            ("paragraph", "<p>First paragraph of the story.</p>"),
            ("quote", {"text": "Cooperation is not an alliance.", "attribution": "An analyst"}),
            ("pull_quote", {"text": "No pact on the horizon.", "attribution": ""}),
        ],
    )


def test_article_shows_headline_standfirst_bylines_and_dateline(client, article):
    page = soup(client.get(article.url))
    assert page.h1.get_text() == "China and Russia will not form an alliance"
    assert page.select_one(".standfirst").get_text() == "Analysts see no formal pact."
    assert [a.get_text() for a in page.select(".bylines a")] == ["Elena Sokolova", "Li Wei"]
    time = page.select_one(".datelines time")
    assert time["datetime"] == "2020-01-23T17:48:00+00:00"
    assert time.get_text() == "20:48 GMT+3, 23 January 2020"
    assert "Beijing" in page.select_one(".datelines").get_text()


def test_article_body_renders_paragraphs_quotes_and_pull_quotes(client, article):
    body = soup(client.get(article.url)).select_one(".article-body")
    assert body.p.get_text() == "First paragraph of the story."
    assert body.select_one(".quote blockquote").get_text(strip=True) == "Cooperation is not an alliance."
    assert body.select_one(".quote figcaption").get_text() == "An analyst"
    assert body.select_one(".pull-quote blockquote").get_text(strip=True) == "No pact on the horizon."


def test_article_page_elements_follow_the_reference_order(client, article, make_article, china_tag, run_related_tasks):
    make_article("A neighbour sharing a tag", tags=[china_tag])
    run_related_tasks()
    html = client.get(article.url).content.decode()
    order = [
        'id="headline"',
        'class="datelines"',
        'class="action-bar"',
        'class="article-body"',
        'class="related"',
        'class="tag-row"',
    ]
    positions = [html.index(marker) for marker in order]
    assert positions == sorted(positions)


def test_tag_row_keeps_the_editors_order_and_links_to_tag_pages(client, article):
    links = soup(client.get(article.url)).select(".tag-row a")
    assert [(a.get_text(), a["href"]) for a in links] == [("NATO", "/tags/nato/"), ("China", "/tags/china/")]


def test_related_shows_editor_picks_first_then_articles_sharing_tags(
    client, make_article, china_tag, article, run_related_tasks
):
    from broadsheet.newsroom.models import RelatedArticle

    unrelated = make_article("Unrelated story", tags=[], published_at=MOMENT - timedelta(days=1))
    make_article("Shares a tag", tags=[china_tag], published_at=MOMENT - timedelta(days=2))
    RelatedArticle.objects.create(source=article, article=unrelated, sort_order=0)
    run_related_tasks()
    headlines = [a.get_text() for a in soup(client.get(article.url)).select(".related a")]
    assert headlines == ["Unrelated story", "Shares a tag"]


def test_related_never_shows_an_unpublished_article(
    client, make_article, china_tag, article, run_related_tasks, committed
):
    hidden = make_article("Withdrawn story", tags=[china_tag], published_at=MOMENT - timedelta(days=1))
    run_related_tasks()
    assert "Withdrawn story" in [a.get_text() for a in soup(client.get(article.url)).select(".related a")]
    with committed():
        hidden.unpublish()
    headlines = [a.get_text() for a in soup(client.get(article.url)).select(".related a")]
    assert "Withdrawn story" not in headlines


def test_corrections_are_listed_with_dates_and_move_updated_forward(client, article):
    Correction.objects.create(article=article, published_at=MOMENT + timedelta(days=1), note="A name was misspelt.")
    page = soup(client.get(article.url))
    assert "A name was misspelt." in page.select_one(".corrections").get_text()
    updated = page.select_one(".updated time")
    assert updated["datetime"] == (MOMENT + timedelta(days=1)).isoformat()


def test_article_without_corrections_shows_no_updated_line(client, article):
    assert soup(client.get(article.url)).select_one(".updated") is None


def test_action_bar_links_to_the_articles_permanent_address_on_site_url(client, settings, article):
    settings.SITE_URL = "https://news.example.org"
    links = soup(client.get(article.url)).select("ul.action-bar li a")
    expected = "https://news.example.org" + article.url
    assert [(a.get_text(), a["href"]) for a in links][0] == ("Link to this article", expected)


def test_canonical_and_og_url_are_on_site_url_whatever_host_the_request_names(client, settings, article):
    settings.SITE_URL = "http://127.0.0.1:8201"
    page = soup(client.get(article.url, HTTP_HOST="localhost"))
    expected = "http://127.0.0.1:8201" + article.url
    assert page.select_one('link[rel="canonical"]')["href"] == expected
    assert page.select_one('meta[property="og:url"]')["content"] == expected


def test_uncached_article_render_takes_a_fixed_number_of_queries(
    client, settings, make_article, china_tag, django_assert_num_queries
):
    """More tags, bylines and related articles must not add queries, with every part rendered or kept."""
    settings.PAGE_CACHE_ENABLED = False
    small = make_article("Small story", tags=[china_tag])
    many_tags = [TagFactory() for _ in range(8)]
    for n in range(6):
        make_article(f"Neighbour {n}", tags=many_tags[:3])
    large = make_article("Large story", tags=[china_tag, *many_tags], authors=[AuthorFactory() for _ in range(3)])
    for article in (small, large):
        client.get(article.url)  # the site and the route to each article are kept from here
    settings.PAGE_PARTS_ENABLED = False
    for article in (small, large):
        with django_assert_num_queries(QUERIES_PER_ARTICLE):
            assert client.get(article.url).status_code == 200
    settings.PAGE_PARTS_ENABLED = True
    for article in (small, large):
        client.get(article.url)
        with django_assert_num_queries(QUERIES_WITH_KEPT_PARTS):
            assert client.get(article.url).status_code == 200


# Every part rendered: private pages (read once per request, never kept), bylines, tags,
# corrections, related articles (picks and the stored automatic ones; none here, so no third query
# for the visible ones among them), navigation, and the installed features' action-bar items (the
# short link, the audio). The site and the route to the article are kept (`newsroom.sites`,
# `SectionPage.visible_article_called`).
QUERIES_PER_ARTICLE = 9
# Every part kept (`{% part %}`): only which pages are private.
QUERIES_WITH_KEPT_PARTS = 1
