from datetime import timedelta

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone

from broadsheet.listen.models import ArticleAudio, Bulletin
from broadsheet.listen.services import build_bulletin

from .conftest import queued


@pytest.fixture
def two_stories(story, make_article, economy, run_tasks):
    make_article("Markets rise on the news", section=economy)
    run_tasks()
    return story


def parsed(client, url):
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/rss+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    return feed


def test_the_site_podcast_parses_and_every_enclosure_has_the_files_length(two_stories, client):
    feed = parsed(client, reverse("listen:podcast"))
    assert len(feed.entries) == 2
    assert b"<itunes:explicit>false</itunes:explicit>" in client.get(reverse("listen:podcast")).content
    assert feed.feed.image.href.endswith("podcast.png") and feed.feed.tags[0].term == "News"
    assert "podcast" in feed.namespaces and feed.feed.get("podcast_guid")
    for entry in feed.entries:
        (enclosure,) = entry.enclosures
        audio = ArticleAudio.objects.get(audio_hash=enclosure.href.rsplit("/", 1)[1].removesuffix(".mp3"))
        assert enclosure.type == "audio/mpeg" and int(enclosure.length) == audio.size == audio.file.size
        assert entry.itunes_duration == str(round(audio.duration_seconds)) and entry.id
        body = client.get(enclosure.href)
        assert int(body["Content-Length"]) == int(enclosure.length)


def test_a_section_podcast_holds_only_its_articles(two_stories, client, economy):
    feed = parsed(client, reverse("listen:section_podcast", args=[economy.pk]))
    assert [entry.title for entry in feed.entries] == ["Markets rise on the news"]
    assert client.get(reverse("listen:section_podcast", args=[999999])).status_code == 404


def test_publishing_makes_one_bulletin_per_burst_and_it_is_its_own_podcast(
    two_stories, client, run_tasks, time_machine
):
    # Two publications, one bulletin job, due once the burst is over.
    assert queued("make_bulletin") == 1 and Bulletin.objects.count() == 0
    time_machine.move_to(timezone.now() + timedelta(seconds=31))
    run_tasks()
    bulletin = Bulletin.objects.get()
    assert "The time is" in bulletin.script and "Talks on trade resume" in bulletin.script
    assert build_bulletin() is None  # the same top stories within the hour: nothing new
    build_bulletin(force=True)
    feed = parsed(client, reverse("listen:bulletin_podcast"))
    assert len(feed.entries) == 2
    for entry, made in zip(feed.entries, Bulletin.objects.all(), strict=True):
        assert int(entry.enclosures[0].length) == made.size == made.file.size


def test_a_bulletin_is_built_again_after_an_hour(two_stories, time_machine):
    made = build_bulletin()
    assert build_bulletin() is None
    time_machine.move_to(made.made_at + timedelta(minutes=61))
    assert build_bulletin() is not None


def test_listen_live_plays_the_latest_bulletin_when_no_station_is_set(home, client):
    assert "Nothing is on air yet" in client.get(reverse("listen:live")).content.decode()


def test_listen_live_shows_the_latest_bulletin(two_stories, client):
    bulletin = build_bulletin(force=True)
    page = client.get(reverse("listen:live")).content.decode()
    assert reverse("listen:bulletin_audio", args=[bulletin.pk]) in page
    assert client.get(reverse("listen:bulletin_audio", args=[bulletin.pk]), HTTP_RANGE="bytes=0-1").status_code == 206


def set_station(url, title=""):
    from wagtail.models import Site

    from broadsheet.listen.models import ListenSettings

    chosen = ListenSettings.for_site(Site.objects.get(is_default_site=True))
    chosen.live_stream_url, chosen.live_stream_title = url, title
    chosen.save()


def policy_of(response):
    """Return the page's Content-Security-Policy (enforced or report-only) as {directive: sources}."""
    header = response.headers.get("Content-Security-Policy") or response.headers["Content-Security-Policy-Report-Only"]
    return {name: sources for name, *sources in (part.split() for part in header.split(";") if part.strip())}


def test_listen_live_plays_the_station_when_one_is_set(home, client):
    set_station("https://radio.example/live.mp3", "Morning Edition")
    response = client.get(reverse("listen:live"))
    page = response.content.decode()
    assert "Morning Edition" in page and 'src="https://radio.example/live.mp3"' in page
    assert "data-hls-player" not in page  # an Icecast/MP3 stream needs no HLS player
    assert policy_of(response)["media-src"] == ["'self'", "https://radio.example"]


def test_an_hls_station_gets_the_hls_player_and_a_policy_that_lets_it_fetch_and_play(home, client):
    set_station("https://radio.example:8443/hls/live.m3u8?token=1", "Morning Edition")
    response = client.get(reverse("listen:live"))
    page = response.content.decode()
    assert 'data-hls-player="/static/listen/vendor/hls.light.min.js"' in page
    policy = policy_of(response)
    assert policy["media-src"] == ["'self'", "https://radio.example:8443", "blob:"]
    assert policy["connect-src"] == ["'self'", "https://radio.example:8443"]
    assert policy["script-src"] == ["'self'"]  # hls.js comes from our own static files
    # Other pages keep the site's policy: the station is allowed on Listen Live alone.
    assert "radio.example" not in str(policy_of(client.get("/")))


def test_pages_link_the_podcasts_for_autodiscovery_and_listen_live(two_stories, client, world):
    page = client.get(world.url).content.decode()
    assert f'href="{reverse("listen:section_podcast", args=[world.pk])}"' in page
    assert 'type="application/rss+xml"' in page and reverse("listen:live") in page
