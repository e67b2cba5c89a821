"""Sitemaps and robots.txt: valid against the sitemaps.org, Google News and Google image schemas, on SITE_URL."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from lxml import etree

from broadsheet.newsroom import sitemaps
from broadsheet.newsroom.factories import ImageFactory
from broadsheet.newsroom.models import Correction

SCHEMAS = Path(__file__).parent / "schemas"
NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "n": "http://www.google.com/schemas/sitemap-news/0.9",
    "i": "http://www.google.com/schemas/sitemap-image/1.1",
}


@pytest.fixture(scope="module")
def schema():
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "sitemap.xsd")))


def valid(schema, content):
    document = etree.fromstring(content)
    assert schema.validate(document), schema.error_log
    return document


@pytest.fixture
def newsroom(make_article, china_tag, settings):
    settings.SITE_URL = "https://news.example.org"
    old = make_article(
        "Old news & views", tags=[china_tag], published_at=timezone.now() - timedelta(days=3), lead_image=ImageFactory()
    )
    fresh = make_article("Fresh <news> today", tags=[china_tag])
    return old, fresh


def test_the_index_lists_every_sitemap_and_each_lists_absolute_addresses(client, newsroom, schema):
    index = valid(schema, client.get("/sitemap.xml").content)
    locations = [loc.text for loc in index.findall("s:sitemap/s:loc", NS)]
    assert locations == [
        "https://news.example.org/sitemaps/articles-1.xml",
        "https://news.example.org/sitemaps/sections-1.xml",
        "https://news.example.org/sitemaps/tags-1.xml",
        "https://news.example.org/sitemaps/authors-1.xml",
    ]
    found = {}
    for location in locations:
        document = valid(schema, client.get(location.removeprefix("https://news.example.org")).content)
        for url in document.findall("s:url", NS):
            found[url.find("s:loc", NS).text] = url.find("s:lastmod", NS).text
    assert set(found) == {
        "https://news.example.org/world/old-news-views/",
        "https://news.example.org/world/fresh-news-today/",
        "https://news.example.org/world/",
        "https://news.example.org/tags/china/",
        "https://news.example.org/authors/li-wei/",
    }
    old, fresh = newsroom
    # When it was published, not when Wagtail saved the row (which is now, in this test).
    assert (
        found["https://news.example.org/world/old-news-views/"]
        == timezone.localtime(old.first_published_at).isoformat()
    )
    # A listing changed when its newest article did.
    assert found["https://news.example.org/tags/china/"] == found["https://news.example.org/world/fresh-news-today/"]


def test_article_sitemaps_name_each_lead_picture_as_articles_show_it(client, newsroom, schema):
    document = valid(schema, client.get("/sitemaps/articles-1.xml").content)
    pictures = {
        url.findtext("s:loc", namespaces=NS): [i.text for i in url.iterfind("i:image/i:loc", NS)]
        for url in document.iterfind("s:url", NS)
    }
    old, fresh = newsroom
    shown = old.lead_image.get_rendition("fill-1200x675").url
    assert pictures == {
        "https://news.example.org/world/old-news-views/": [f"https://news.example.org{shown}"],
        "https://news.example.org/world/fresh-news-today/": [],
    }


def test_lastmod_is_the_latest_change_readers_were_told_of(client, newsroom, schema):
    old, fresh = newsroom
    corrected_at = timezone.now() - timedelta(days=2)
    Correction.objects.create(article=old, published_at=corrected_at, note="The date was wrong.")
    document = valid(schema, client.get("/sitemaps/articles-1.xml").content)
    lastmods = {
        url.findtext("s:loc", namespaces=NS): url.findtext("s:lastmod", namespaces=NS)
        for url in document.iterfind("s:url", NS)
    }
    assert lastmods["https://news.example.org/world/old-news-views/"] == timezone.localtime(corrected_at).isoformat()
    tags = valid(schema, client.get("/sitemaps/tags-1.xml").content)
    assert tags.findtext("s:url/s:lastmod", namespaces=NS) == timezone.localtime(fresh.first_published_at).isoformat()


def test_article_sitemaps_are_paginated_in_the_path(client, newsroom, schema, monkeypatch):
    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", 1)
    index = valid(schema, client.get("/sitemap.xml").content)
    assert "https://news.example.org/sitemaps/articles-2.xml" in [loc.text for loc in index.iterfind(".//s:loc", NS)]
    first = valid(schema, client.get("/sitemaps/articles-1.xml").content)
    second = valid(schema, client.get("/sitemaps/articles-2.xml").content)
    assert len(first.findall("s:url", NS)) == len(second.findall("s:url", NS)) == 1
    for url in [
        "/sitemaps/articles-3.xml",
        "/sitemaps/articles-0.xml",
        "/sitemaps/nothing-1.xml",
        "/sitemaps/articles-01.xml",
    ]:
        assert client.get(url).status_code == 404, url


def test_news_sitemap_holds_only_the_last_48_hours(client, newsroom, schema):
    document = valid(schema, client.get("/sitemaps/news.xml").content)
    urls = document.findall("s:url", NS)
    assert [u.find("s:loc", NS).text for u in urls] == ["https://news.example.org/world/fresh-news-today/"]
    news = urls[0].find("n:news", NS)
    assert news.findtext("n:publication/n:name", namespaces=NS) == "Broadsheet"
    assert news.findtext("n:publication/n:language", namespaces=NS) == "en"
    assert news.findtext("n:title", namespaces=NS) == "Fresh <news> today"
    assert (
        news.findtext("n:publication_date", namespaces=NS)
        == timezone.localtime(newsroom[1].first_published_at).isoformat()
    )


def test_news_sitemap_with_nothing_recent_keeps_the_newest_address_without_news_metadata(
    client, make_article, settings, schema
):
    settings.SITE_URL = "https://news.example.org"
    assert client.get("/sitemaps/news.xml").status_code == 404  # no article at all: nothing to list
    make_article("Last week's story", published_at=timezone.now() - timedelta(days=7))
    make_article("Older still", published_at=timezone.now() - timedelta(days=9))
    response = client.get("/sitemaps/news.xml")
    document = valid(schema, response.content)
    assert [u.findtext("s:loc", namespaces=NS) for u in document.iterfind("s:url", NS)] == [
        "https://news.example.org/world/last-weeks-story/"
    ]
    assert document.find(".//n:news", NS) is None
    # What an empty news sitemap would be, and why this one is not.
    empty = b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>'
    assert not schema.validate(etree.fromstring(empty))


def test_the_schemas_refuse_what_the_protocols_refuse(schema):
    relative = b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>/world/</loc></url></urlset>'
    untitled = (
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:n="http://www.google.com/schemas/sitemap-news/0.9">'
        b"<url><loc>https://example.org/a/</loc><n:news><n:publication><n:name>X</n:name><n:language>en</n:language>"
        b"</n:publication><n:publication_date>2020-01-23T20:48:00+03:00</n:publication_date></n:news></url></urlset>"
    )
    relative_picture = (
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:i="http://www.google.com/schemas/sitemap-image/1.1">'
        b"<url><loc>https://example.org/a/</loc><i:image><i:loc>/media/a.jpg</i:loc></i:image></url></urlset>"
    )
    pictureless = (
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:i="http://www.google.com/schemas/sitemap-image/1.1">'
        b"<url><loc>https://example.org/a/</loc><i:image><i:title>A</i:title></i:image></url></urlset>"
    )
    for document in (relative, untitled, relative_picture, pictureless):
        assert not schema.validate(etree.fromstring(document))


def test_sitemaps_come_from_the_page_cache_and_a_publication_refreshes_them(client, newsroom, make_article):
    assert client.get("/sitemaps/articles-1.xml")["X-Page-Cache"] == "miss"
    assert client.get("/sitemaps/articles-1.xml")["X-Page-Cache"] == "hit"
    make_article("Another story")
    response = client.get("/sitemaps/articles-1.xml")
    assert response["X-Page-Cache"] == "miss" and b"/world/another-story/" in response.content


def test_robots_txt_names_the_sitemaps(client, settings):
    settings.SITE_URL = "https://news.example.org"
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Sitemap: https://news.example.org/sitemap.xml" in lines
    assert "Sitemap: https://news.example.org/sitemaps/news.xml" in lines
    assert "Disallow: /admin/" in lines
