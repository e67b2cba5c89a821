"""The view beacon: a reader's browser counts a view once per half hour; robots, repeats and junk count nothing."""

import logging
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from broadsheet.counting.buffer import flush_all
from broadsheet.metrics.models import HourlyViews, Referral, ViewTotal

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
ROBOTS = [
    "Googlebot/2.1 (+http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "Twitterbot/1.0",
    "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
    "WhatsApp/2.23.20.0",
    "TelegramBot (like TwitterBot)",
    "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
    "Discordbot/2.0; +https://discordapp.com",
    "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)",
    "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)",
    "DuckDuckBot/1.1; (+http://duckduckgo.com/duckduckbot.html)",
    "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
    "Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)",
    "Applebot/0.1 (+http://www.apple.com/go/applebot)",
    "Pinterestbot/1.0 (+http://www.pinterest.com/bot.html)",
    "redditbot/1.0",
    "Mozilla/5.0 (compatible; Embedly/0.2; +http://support.embed.ly/)",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_11_1) AppleWebKit/601.2.4 (KHTML, like Gecko) "
    "Version/9.0.1 Safari/601.2.4 facebookexternalhit/1.1 Facebot Twitterbot/1.0",
    "curl/8.5.0",
    "python-requests/2.32.3",
    "Wget/1.21.4",
    "Mozilla/5.0 (compatible; GPTBot/1.2; +https://openai.com/gptbot)",
    "Mozilla/5.0 (compatible; Bluesky Cardyb/1.1; +mailto:support@bsky.app)",
    "meta-externalagent/1.1 (+https://developers.facebook.com/docs/sharing/webmasters/crawler)",
    "",
]


def chrome(n):
    """Return the user agent of the n-th distinct reader's browser (a real-looking Chrome build)."""
    return BROWSER.replace("Chrome/131.0", f"Chrome/131.0.{n}")


def beacon(client, article, user_agent=BROWSER, **extra):
    data = {"article": article.pk, **extra.pop("data", {})}
    return client.post("/f/views/", data, HTTP_USER_AGENT=user_agent, **extra)


def views_of(article):
    flush_all()
    total = ViewTotal.objects.filter(article=article).values_list("views", flat=True).first() or 0
    assert total == sum(HourlyViews.objects.filter(article=article).values_list("views", flat=True))
    return total


@pytest.fixture
def article(make_article):
    return make_article("Counted story")


def test_a_readers_view_is_counted_once_per_half_hour(client, article, time_machine, settings):
    # Redis keeps its own clock; a cache in this process follows the travelling one.
    settings.CACHES = {**settings.CACHES, "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # Ahead of now (the article is published now): a fixed date would fall behind it on a later day.
    time_machine.move_to(timezone.now() + timedelta(minutes=1), tick=False)
    assert beacon(client, article).status_code == 204
    assert beacon(client, article).status_code == 204
    assert views_of(article) == 1
    time_machine.shift(31 * 60)
    beacon(client, article)
    assert views_of(article) == 2


def test_readers_are_told_apart_by_browser_and_network_without_a_cookie(client, article):
    beacon(client, article, BROWSER)
    beacon(client, article, BROWSER.replace("131.0", "130.0"))
    beacon(client, article, BROWSER, REMOTE_ADDR="198.51.100.7")
    assert views_of(article) == 3
    assert not client.cookies


@pytest.mark.parametrize("user_agent", ROBOTS)
def test_crawlers_and_link_previews_add_no_views(client, article, user_agent):
    assert beacon(client, article, user_agent).status_code == 204
    assert views_of(article) == 0


def test_a_reader_among_the_robots_is_the_one_view_counted(client, article):
    assert len(ROBOTS) >= 20  # the proof above is as broad as this list
    for user_agent in ROBOTS:
        beacon(client, article, user_agent)
    beacon(client, article, BROWSER)
    assert views_of(article) == 1


@pytest.mark.parametrize(
    "header", [{"HTTP_SEC_PURPOSE": "prefetch"}, {"HTTP_PURPOSE": "prefetch"}, {"HTTP_X_MOZ": "prefetch"}]
)
def test_prefetches_add_no_views(client, article, header):
    beacon(client, article, **header)
    assert views_of(article) == 0


def test_another_sites_page_cannot_count_views(client, article):
    beacon(client, article, HTTP_SEC_FETCH_SITE="cross-site")
    assert views_of(article) == 0


def test_an_article_whose_publication_time_is_ahead_counts_from_that_time_on(client, make_article, time_machine):
    later = timezone.now() + timedelta(hours=2)
    imported = make_article("Imported from the archive", published_at=later)
    beacon(client, imported, chrome(1))  # not visible yet, and that answer is kept
    assert views_of(imported) == 0
    time_machine.move_to(later + timedelta(minutes=1))  # only the clock moves: nothing is invalidated
    beacon(client, imported, chrome(2))
    assert views_of(imported) == 1


def test_unpublished_and_unknown_articles_are_ignored(client, article, committed):
    with committed():
        article.unpublish()
    assert beacon(client, article).status_code == 204
    assert client.post("/f/views/", {"article": 999999}, HTTP_USER_AGENT=BROWSER).status_code == 204
    assert views_of(article) == 0
    assert not HourlyViews.objects.exists()


def test_an_article_stops_counting_the_moment_it_is_made_private_and_counts_again_when_public(
    client, article, committed
):
    from wagtail.models import PageViewRestriction

    beacon(client, article, chrome(1))  # its visibility is now known and kept
    with committed():
        restriction = PageViewRestriction.objects.create(page=article, restriction_type="login")
    beacon(client, article, chrome(2))
    assert views_of(article) == 1
    with committed():
        restriction.delete()
    beacon(client, article, chrome(3))
    assert views_of(article) == 2


@pytest.mark.parametrize("body", [{}, {"article": "abc"}, {"article": "1e9"}, {"article": ""}])
def test_malformed_beacons_are_400_with_a_message(client, article, body):
    response = client.post("/f/views/", body, HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 400
    assert "id of the article" in response.json()["message"]
    assert views_of(article) == 0


def test_only_post_counts(client, article):
    for method in (client.get, client.head, client.put, client.options):
        assert method("/f/views/").status_code == 405
    assert views_of(article) == 0


def test_an_oversized_beacon_is_refused_before_it_is_read(client, article):
    response = client.post("/f/views/", {"article": article.pk, "ref": "x" * 10_000}, HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 413
    assert views_of(article) == 0


def test_a_flood_from_one_network_is_turned_away(client, article, settings, time_machine):
    # Ten seconds into a minute ahead: the per-minute allowance is counted per clock minute.
    time_machine.move_to((timezone.now() + timedelta(minutes=1)).replace(second=10), tick=False)
    settings.VIEW_BEACONS_PER_MINUTE = 5
    statuses = [beacon(client, article, chrome(n)).status_code for n in range(8)]
    assert statuses == [204] * 5 + [429] * 3
    assert views_of(article) == 5


def test_other_sites_readers_came_from_are_kept_by_domain_only(client, article):
    beacon(client, article, data={"ref": "https://www.Example.org/some/path?q=secret"})
    beacon(client, article, BROWSER + " two", data={"ref": "http://testserver/world/"})  # our own page
    beacon(client, article, BROWSER + " three", data={"ref": "javascript:alert(1)"})
    assert views_of(article) == 3
    assert list(Referral.objects.values_list("domain", "views")) == [("example.org", 1)]


def test_counts_reach_the_action_bar_without_changing_the_cached_article(client, article):
    page = client.get(article.url).content
    for n in range(3):
        beacon(client, article, chrome(n))
    flush_all()
    assert client.get(article.url).content == page
    counts = Client().get(f"/f/counts/{article.pk}/")
    assert "3 views" in counts.content.decode()
    assert "public" in counts["Cache-Control"] and "max-age=5" in counts["Cache-Control"]


def test_the_article_asks_for_its_counters_and_sends_its_beacon(client, article):
    from bs4 import BeautifulSoup

    item = BeautifulSoup(client.get(article.url).content, "html.parser").select_one("ul.action-bar li.counters")
    assert item["data-fragment"] == f"/f/counts/{article.pk}/"
    assert item["data-count-view"] == str(article.pk) and item["data-beacon"] == "/f/views/"


def test_a_beacon_takes_the_short_chain_and_is_counted(edge, article):
    response = beacon(edge, article)
    assert response.took_short_chain and response.status_code == 204
    assert response["X-Content-Type-Options"] == "nosniff" and len(response["X-Request-ID"]) == 32
    assert views_of(article) == 1


def test_a_beacon_with_a_session_cookie_takes_the_full_chain_and_is_counted(edge, article):
    edge.cookies["sessionid"] = "not-a-session"
    response = beacon(edge, article)
    assert not response.took_short_chain and response.status_code == 204
    assert views_of(article) == 1


def test_a_multipart_beacon_without_a_boundary_gets_djangos_400(edge, article, caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = edge.post("/f/views/", b"article=1", content_type="multipart/form-data", HTTP_USER_AGENT=BROWSER)
    assert response.took_short_chain and response.status_code == 400
    assert response["X-Content-Type-Options"] == "nosniff" and len(response["X-Request-ID"]) == 32
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert "/f/views/" in record.getMessage() and record.status_code == 400
    assert views_of(article) == 0
