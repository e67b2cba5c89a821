"""RSS, Atom and JSON Feed: parse cleanly, carry whole articles, and come from the page cache."""

import json
from datetime import timedelta
from pathlib import Path

import feedparser
import jsonschema
import pytest
from django.utils import timezone
from django.utils.http import http_date, parse_http_date

from broadsheet.newsroom.factories import ImageFactory, TagFactory
from broadsheet.newsroom.models import Correction

SCHEMA = json.loads((Path(__file__).parent / "schemas" / "jsonfeed-1.1.schema.json").read_text())
NASTY = "Tanks & <tables> ]]> in the \U0001f30d\x07 spring\x1b"
SCOPES = ["/feeds/{f}/", "/feeds/sections/world/{f}/", "/feeds/tags/china/{f}/", "/feeds/authors/li-wei/{f}/"]


@pytest.fixture
def articles(make_article, china_tag, settings):
    settings.SITE_URL = "https://news.example.org"
    picture = ImageFactory()
    nasty = make_article(
        NASTY,
        tags=[china_tag, TagFactory(name="Trade & <markets>", slug="trade")],
        lead_image=picture,
        body=[
            ("paragraph", '<p>Read <a href="/world/">the world desk</a> first.</p>'),
            ("quote", {"text": "We will see.", "attribution": "A minister"}),
        ],
    )
    plain = make_article("A quiet day in the markets", tags=[china_tag])
    return nasty, plain


@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize("format", ["rss", "atom"])
def test_xml_feeds_parse_without_errors_and_carry_whole_articles(client, articles, scope, format):
    response = client.get(scope.format(f=format))
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    entries = {e.title: e for e in parsed.entries}
    # Markup characters and emoji survive; the control characters XML cannot carry are dropped.
    nasty = entries["Tanks & <tables> ]]> in the \U0001f30d spring"]
    assert nasty.id.startswith("tag:news.example.org,")
    assert nasty.link.startswith("https://news.example.org/world/")
    assert nasty.author == "Li Wei"
    assert {t.term for t in nasty.tags} == {"China", "Trade & <markets>"}
    content = nasty.content[0].value
    assert 'href="https://news.example.org/world/"' in content and "We will see." in content
    assert nasty.enclosures[0].href.startswith("https://news.example.org/media/")
    assert nasty.enclosures[0].type == "image/png" and int(nasty.enclosures[0].length) > 0
    assert "A quiet day in the markets" in entries


@pytest.mark.parametrize("scope", SCOPES)
def test_json_feed_validates_against_the_json_feed_schema(client, articles, scope):
    response = client.get(scope.format(f="json"))
    assert response["Content-Type"].startswith("application/feed+json")
    feed = json.loads(response.content)
    jsonschema.validate(feed, SCHEMA)
    nasty = next(i for i in feed["items"] if i["title"].startswith("Tanks"))
    assert nasty["title"] == "Tanks & <tables> ]]> in the \U0001f30d spring"
    assert nasty["authors"] == [{"name": "Li Wei", "url": "https://news.example.org/authors/li-wei/"}]
    assert nasty["image"].startswith("https://news.example.org/media/")
    assert nasty["id"].endswith(f":article:{articles[0].pk}")


def test_the_schema_refuses_a_feed_that_breaks_the_spec(client, articles):
    feed = json.loads(client.get("/feeds/json/").content)
    del feed["items"][0]["id"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(feed, SCHEMA)


def test_item_ids_survive_a_new_headline(client, articles, committed):
    nasty = articles[0]
    before = feedparser.parse(client.get("/feeds/atom/").content).entries
    nasty.title = "A better headline"
    with committed():
        nasty.save_revision().publish()
    after = feedparser.parse(client.get("/feeds/atom/").content).entries
    assert {e.id for e in before} == {e.id for e in after}
    assert "A better headline" in {e.title for e in after}


def test_feeds_come_from_the_page_cache_and_a_publication_refreshes_them(client, articles, make_article):
    for scope in SCOPES:
        url = scope.format(f="rss")
        assert client.get(url)["X-Page-Cache"] == "miss"
        assert client.get(url)["X-Page-Cache"] == "hit"
    make_article("Fresh from the China desk", tags=[articles[1].tags.first().tag])
    for scope in SCOPES:
        response = client.get(scope.format(f="rss"))
        assert response["X-Page-Cache"] == "miss", scope
        assert b"Fresh from the China desk" in response.content


@pytest.mark.parametrize("format", ["rss", "atom", "json"])
def test_feeds_say_when_they_last_changed_and_a_reader_holding_that_gets_304(client, articles, format, committed):
    nasty, plain = articles
    url = f"/feeds/{format}/"
    first = client.get(url)
    newest = max(a.first_published_at for a in articles)
    assert parse_http_date(first["Last-Modified"]) == int(newest.timestamp())
    for cached in ("miss", "hit"):  # as rendered, and as the page cache replays it
        assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304, cached
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=http_date(newest.timestamp() - 60)).status_code == 200
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    # A validator that does not match wins over a date that does (RFC 9110 §13.2.2).
    held = client.get(url, HTTP_IF_NONE_MATCH='"other"', HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert held.status_code == 200
    corrected_at = timezone.now() + timedelta(seconds=5)
    with committed():
        nasty.corrections.add(Correction(published_at=corrected_at, note="The spring was in May."))
        nasty.save_revision().publish()
    changed = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert changed.status_code == 200
    assert parse_http_date(changed["Last-Modified"]) == int(corrected_at.timestamp())


def test_unknown_feeds_are_404(client, articles):
    for url in [
        "/feeds/xml/",
        "/feeds/tags/no-such-tag/rss/",
        "/feeds/sections/nowhere/json/",
        "/feeds/authors/x/atom/",
    ]:
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize(
    "page, kind",
    [
        ("/", ""),
        ("/world/", "sections/world/"),
        ("/tags/china/", "tags/china/"),
        ("/authors/li-wei/", "authors/li-wei/"),
    ],
)
def test_pages_announce_their_feeds(client, articles, page, kind):
    html = client.get(page).content.decode()
    for mime, format in [
        ("application/rss+xml", "rss"),
        ("application/atom+xml", "atom"),
        ("application/feed+json", "json"),
    ]:
        assert f'type="{mime}"' in html
        assert f'href="https://news.example.org/feeds/{kind}{format}/"' in html
