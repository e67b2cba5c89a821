"""Counting a reader once (views and short-link clicks alike), decided in batches, with and without Redis."""

from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from broadsheet.identity import Reader
from broadsheet.links.models import ShortLink
from broadsheet.metrics.buffer import flush_all
from broadsheet.metrics.models import HourlyViews, Referral, SeenReader, ViewTotal
from broadsheet.metrics.services import count_view
from broadsheet.metrics.sightings import first_sightings, mark_of

WINDOW = 30 * 60
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


def test_a_mark_counts_once_within_the_window_and_again_after_it(db):
    noon = int(NOON.timestamp())
    mark = mark_of(7, "visitor")
    assert first_sightings({mark: noon}, WINDOW) == {mark}
    assert first_sightings({mark: noon + 60}, WINDOW) == set()
    assert first_sightings({mark: noon + WINDOW - 1}, WINDOW) == set()
    assert first_sightings({mark: noon + WINDOW}, WINDOW) == {mark}
    assert SeenReader.objects.get(mark=mark).seen_at == noon + WINDOW


def test_batches_larger_than_one_statement_return_every_new_mark(db):
    marks = {mark_of(n, "v"): int(NOON.timestamp()) for n in range(1, 1201)}
    assert first_sightings(marks, WINDOW) == set(marks)
    assert first_sightings(marks, WINDOW) == set()


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


def test_a_share_is_counted_once_when_two_flushes_decide_the_same_network(article, settings):
    settings.READERS_COUNTED_PER_NETWORK = 3
    for batch in range(3):
        for n in range(4):
            reader = Reader.at("203.0.113.40", user_agent=chrome(batch * 10 + n))
            count_view(article_id=article.pk, reader=reader, now=NOON + timedelta(minutes=batch))
        flush_all()
    assert total_views(article) == 3


def test_networks_on_the_allowlist_are_not_capped(article, settings):
    settings.READERS_COUNTED_PER_NETWORK = 2
    settings.POLL_NETWORK_ALLOWLIST = ["192.0.2.0/24"]
    for n in range(5):
        count_view(article_id=article.pk, reader=Reader.at("192.0.2.7", user_agent=chrome(n)), now=NOON)
    assert total_views(article) == 5


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
