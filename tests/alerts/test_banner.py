"""The banner: one shared fragment kept by the page cache under its own key, which nothing else shares."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from broadsheet.alerts import services
from broadsheet.alerts.models import Alert, banner_key
from broadsheet.alerts.receivers import LAST_LOOK_KEY, alert_expired
from broadsheet.live.factories import create_live_page
from broadsheet.newsroom.models import HomePage, SectionPage
from broadsheet.operations.signals import scheduler_pass
from broadsheet.pagecache.dependencies import NAVIGATION, current_epoch, current_versions, listing_key, page_key

BANNER = "/alerts/banner/"


def test_the_banner_is_shared_kept_one_second_by_cdns_and_answered_from_the_cache(client, set_alert):
    alert = set_alert("Polls have closed across the country", link="/world/")
    first = client.get(BANNER)
    assert first.status_code == 200 and first["X-Page-Cache"] == "miss"
    control = first["Cache-Control"]
    assert "public" in control and "s-maxage=1," in control and "private" not in control
    assert "Set-Cookie" not in first and "Cookie" not in first.get("Vary", "")
    html = first.content.decode()
    assert 'role="region" aria-label="Breaking news"' in html
    assert f'data-alert="{alert.pk}"' in html and f'data-expires="{alert.expires_iso}"' in html
    assert '<a href="/world/">Polls have closed across the country</a>' in html
    assert '<button type="button" class="breaking-news-dismiss" aria-label="Dismiss breaking news">' in html


def test_a_second_banner_request_asks_the_database_nothing(client, set_alert, django_assert_num_queries):
    set_alert()
    assert client.get(BANNER)["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        again = client.get(BANNER)
    assert again["X-Page-Cache"] == "hit" and b"Polls have closed" in again.content


def test_with_no_alert_the_banner_is_empty_and_kept_too(client, db, django_assert_num_queries):
    assert client.get(BANNER).content.strip() == b""
    with django_assert_num_queries(0):
        assert client.get(BANNER)["X-Page-Cache"] == "hit"


def test_alert_text_is_printed_as_plain_text(client, set_alert):
    set_alert('<img src=x onerror="alert(1)"> & more')
    html = client.get(BANNER).content.decode()
    assert "<img" not in html and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; more" in html


def test_only_get_and_head_are_answered(client, db):
    assert client.post(BANNER).status_code == 405
    assert client.head(BANNER).status_code == 200


def test_setting_and_ending_an_alert_invalidates_the_banner_and_no_page(
    client, make_article, editor, set_alert, committed
):
    article = make_article("Leaders meet at the summit")
    assert client.get(article.url)["X-Page-Cache"] == "miss"
    assert client.get(article.url)["X-Page-Cache"] == "hit"
    assert client.get(BANNER).content.strip() == b""
    others = {
        page_key(article),
        NAVIGATION,
        listing_key(HomePage),
        listing_key(SectionPage, article.get_parent().pk),
    }
    before = current_versions(others | {banner_key()})

    alert = set_alert("Polls have closed")
    after_setting = current_versions(others | {banner_key()})
    assert after_setting[banner_key()] != before[banner_key()]
    assert {key: after_setting[key] for key in others} == {key: before[key] for key in others}
    # The article's stored entry still stands: answered from the cache, not rendered again.
    assert client.get(article.url)["X-Page-Cache"] == "hit"
    shown = client.get(BANNER)
    assert shown["X-Page-Cache"] == "miss" and b"Polls have closed" in shown.content

    with committed():
        services.end_alert(user=editor, alert=alert)
    after_ending = current_versions(others | {banner_key()})
    assert after_ending[banner_key()] != after_setting[banner_key()]
    assert {key: after_ending[key] for key in others} == {key: before[key] for key in others}
    assert client.get(article.url)["X-Page-Cache"] == "hit"
    assert client.get(BANNER).content.strip() == b""


def test_pages_carry_the_empty_placeholder_and_never_the_alert(client, make_article, set_alert, committed, author):
    article = make_article("Leaders meet at the summit")
    with committed():
        live = create_live_page(article.get_parent(), "Live: the summit", authors=[author])
    set_alert("Polls have closed")
    for path in ("/", article.get_parent().url, article.url, live.url, "/search/?q=summit"):
        html = client.get(path).content.decode()
        assert '<div class="breaking-news-slot" data-alerts-banner="/alerts/banner/" aria-live="polite"></div>' in html
        assert "alerts/alerts.js" in html and "alerts/alerts.css" in html
        assert "Polls have closed" not in html, path


def test_the_scheduler_pass_invalidates_the_kept_banner_once_an_alert_has_expired(
    client, set_alert, committed, django_assert_num_queries
):
    alert = set_alert("Polls have closed")
    assert b"Polls have closed" in client.get(BANNER).content
    cache.set(LAST_LOOK_KEY, timezone.now() - timedelta(seconds=10), timeout=None)
    # It expires between two passes (written without the save that would invalidate at once).
    Alert.objects.filter(pk=alert.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    stale = client.get(BANNER)
    assert stale["X-Page-Cache"] == "hit" and b"Polls have closed" in stale.content

    epoch = current_epoch()
    with committed(), django_assert_num_queries(1):
        alert_expired(sender=None)
    assert current_epoch() != epoch
    fresh = client.get(BANNER)
    assert fresh["X-Page-Cache"] == "miss" and fresh.content.strip() == b""

    # The next pass finds nothing new expired and leaves every cached thing alone.
    epoch = current_epoch()
    with committed():
        scheduler_pass.send(sender=None)
    assert current_epoch() == epoch
    assert client.get(BANNER)["X-Page-Cache"] == "hit"


def test_a_first_pass_looks_back_a_day_for_alerts_that_expired_unseen(client, set_alert, committed):
    alert = set_alert("Polls have closed")
    client.get(BANNER)
    Alert.objects.filter(pk=alert.pk).update(expires_at=timezone.now() - timedelta(hours=3))
    cache.delete(LAST_LOOK_KEY)
    with committed():
        alert_expired(sender=None)
    assert client.get(BANNER).content.strip() == b""
    assert cache.get(LAST_LOOK_KEY) is not None


@pytest.mark.parametrize("ended", [True, False])
def test_a_pass_with_no_new_expiry_does_not_invalidate(client, editor, set_alert, committed, ended):
    alert = set_alert("Polls have closed")
    if ended:
        # Ended early (already invalidated then), and then its expiry time passes.
        with committed():
            services.end_alert(user=editor, alert=alert)
        Alert.objects.filter(pk=alert.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    cache.set(LAST_LOOK_KEY, timezone.now() - timedelta(seconds=10), timeout=None)
    epoch = current_epoch()
    with committed():
        alert_expired(sender=None)
    assert current_epoch() == epoch
