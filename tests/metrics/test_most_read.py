"""Most read: the last day's most-viewed visible articles, on the front page and each section page."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from broadsheet.metrics.models import HourlyViews
from broadsheet.metrics.services import refresh_most_read


def read(article, views, hours_ago=1):
    hour = (timezone.now() - timedelta(hours=hours_ago)).replace(minute=0, second=0, microsecond=0)
    HourlyViews.objects.create(article=article, hour=hour, views=views)


def most_read_on(client, url):
    aside = BeautifulSoup(client.get(url).content, "html.parser").select_one("aside.most-read")
    return [a.get_text() for a in aside.select("ol li a")] if aside else None


@pytest.fixture
def stories(make_article, economy):
    return {
        "quiet": make_article("Quiet story"),
        "busy": make_article("Busy story"),
        "markets": make_article("Markets story", section=economy),
        "old": make_article("Read long ago"),
    }


def test_front_page_lists_the_last_days_most_read_first(client, stories, committed):
    read(stories["quiet"], 3)
    read(stories["busy"], 50)
    read(stories["markets"], 20)
    read(stories["old"], 999, hours_ago=30)  # outside the last 24 hours
    with committed():
        refresh_most_read()
    assert most_read_on(client, "/") == ["Busy story", "Markets story", "Quiet story"]


def test_each_section_lists_its_own_most_read(client, stories, world, economy, committed):
    read(stories["busy"], 50)
    read(stories["markets"], 20)
    with committed():
        refresh_most_read()
    assert most_read_on(client, world.url) == ["Busy story"]
    assert most_read_on(client, economy.url) == ["Markets story"]


def test_with_nobody_counted_there_is_no_most_read_column(client, stories):
    assert most_read_on(client, "/") is None


def test_a_changed_ranking_refreshes_the_cached_front_page_and_an_unchanged_one_does_not(client, stories, committed):
    read(stories["quiet"], 10)
    read(stories["busy"], 5)
    with committed():
        refresh_most_read()
    assert most_read_on(client, "/") == ["Quiet story", "Busy story"]
    assert client.get("/")["X-Page-Cache"] == "hit"
    with committed():
        refresh_most_read()  # same ranking: the cached page stays
    assert client.get("/")["X-Page-Cache"] == "hit"
    read(stories["busy"], 20, hours_ago=2)
    with committed():
        refresh_most_read()
    assert most_read_on(client, "/") == ["Busy story", "Quiet story"]


def test_an_unpublished_article_leaves_most_read_at_once(client, stories, committed):
    read(stories["busy"], 50)
    read(stories["quiet"], 5)
    with committed():
        refresh_most_read()
    assert most_read_on(client, "/") == ["Busy story", "Quiet story"]
    with committed():
        stories["busy"].unpublish()  # no refresh of the lists: the page must drop it by itself
    assert most_read_on(client, "/") == ["Quiet story"]


def test_an_article_made_private_leaves_most_read_at_once(client, stories, committed):
    from wagtail.models import PageViewRestriction

    read(stories["busy"], 50)
    read(stories["quiet"], 5)
    with committed():
        refresh_most_read()
    assert most_read_on(client, "/")[0] == "Busy story"
    with committed():
        PageViewRestriction.objects.create(
            page=stories["busy"], restriction_type=PageViewRestriction.PASSWORD, password="embargoed"
        )
    assert most_read_on(client, "/") == ["Quiet story"]
