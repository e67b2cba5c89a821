"""Views and short-link clicks count a reader once, and a network up to its share (the rules: tests/counting)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from broadsheet.counting.buffer import flush_all
from broadsheet.identity import Reader
from broadsheet.links.models import ShortLink
from broadsheet.metrics.models import HourlyViews, Referral, ViewTotal
from broadsheet.metrics.services import count_view

NOON = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"


def chrome(n):
    """Return the user agent of the n-th browser build (what a script rotating user agents sends)."""
    return BROWSER.replace("Chrome/131.0", f"Chrome/131.0.{n}")


def total_views(article):
    flush_all()
    return ViewTotal.objects.filter(article=article).values_list("views", flat=True).first() or 0


@pytest.fixture
def article(make_article):
    return make_article("Counted in batches")


def test_repeat_sightings_in_one_batch_count_once_with_their_referrer(article):
    reader, other = Reader.at("203.0.113.8", user_agent=BROWSER), Reader.at("203.0.113.9", user_agent=BROWSER)
    count_view(article_id=article.pk, reader=reader, now=NOON + timedelta(seconds=5))
    count_view(
        article_id=article.pk, reader=reader, now=NOON, referrer="https://news.example.net/", own_hosts={"testserver"}
    )
    count_view(article_id=article.pk, reader=other, now=NOON + timedelta(hours=1))
    count_view(article_id=999999, reader=reader, now=NOON)  # an article deleted before the flush
    assert total_views(article) == 2
    hours = sorted(HourlyViews.objects.filter(article=article).values_list("hour", "views"))
    assert hours == [(datetime(2026, 11, 28, 12, tzinfo=UTC), 1), (datetime(2026, 11, 28, 13, tzinfo=UTC), 1)]
    assert list(Referral.objects.values_list("domain", "views")) == [("news.example.net", 1)]
    count_view(article_id=article.pk, reader=reader, now=NOON + timedelta(minutes=10))
    assert total_views(article) == 2


def test_one_network_rotating_its_user_agent_adds_only_its_share_of_views(article, settings):
    settings.READERS_COUNTED_PER_NETWORK = 5
    client = Client()
    for n in range(60):
        response = client.post("/f/views/", {"article": article.pk}, HTTP_USER_AGENT=chrome(n))
        assert response.status_code == 204
    assert total_views(article) == 5
    # Its share is per network: a reader elsewhere still counts, and the next half hour is a new share.
    client.post("/f/views/", {"article": article.pk}, HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="198.51.100.30")
    assert total_views(article) == 6
    reader = Reader.at("127.0.0.1", user_agent=chrome(999))
    count_view(article_id=article.pk, reader=reader, now=timezone.now() + timedelta(minutes=31))
    assert total_views(article) == 7


def test_identical_short_link_clicks_from_one_browser_count_once(make_article, settings):
    settings.COUNT_FLUSH_SECONDS = 0
    link = ShortLink.objects.get(page=make_article("Shared widely"))
    client = Client(HTTP_USER_AGENT=BROWSER)
    assert {client.get(f"/s/{link.code}").status_code for _ in range(200)} == {302}
    flush_all()
    assert sum(link.daily_clicks.values_list("clicks", flat=True)) == 1


def test_views_and_clicks_from_one_network_are_capped_apart(make_article, settings):
    settings.COUNT_FLUSH_SECONDS = 0
    settings.READERS_COUNTED_PER_NETWORK = 4
    article = make_article("Shared and read")
    link = ShortLink.objects.get(page=article)
    client = Client()
    for n in range(10):
        client.get(f"/s/{link.code}", HTTP_USER_AGENT=chrome(n))
        client.post("/f/views/", {"article": article.pk}, HTTP_USER_AGENT=chrome(n))
    flush_all()
    # Views and clicks are counted apart: each gets the network's share, neither eats the other's.
    assert sum(link.daily_clicks.values_list("clicks", flat=True)) == 4
    assert total_views(article) == 4
