"""JSON-LD, meta descriptions, social cards, canonical addresses and icons that search engines read."""

import json
import re
from datetime import timedelta

import pytest
from django.contrib.staticfiles import finders
from django.utils import timezone
from lxml import etree
from lxml import html as lxml_html

from broadsheet.newsroom.factories import ImageFactory
from broadsheet.newsroom.models import Correction

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def json_ld(html):
    """Return every JSON-LD object of a page (a script may hold one object or a list of them)."""
    found = []
    for block in JSON_LD.findall(html):
        data = json.loads(block)
        found += data if isinstance(data, list) else [data]
    return found


def meta(html, attribute, name):
    found = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)"', html)
    return found and found.group(1)


@pytest.fixture
def article(make_article, china_tag, settings):
    settings.SITE_URL = "https://news.example.org"
    return make_article(
        "Allies </script><script>alert(1)</script> meet",
        tags=[china_tag],
        lead_image=ImageFactory(),
        dateline_place="Beijing",
    )


def test_article_carries_news_article_and_breadcrumbs_with_every_field(client, article):
    html = client.get(article.url).content.decode()
    news, trail = json_ld(html)
    assert news["@type"] == "NewsArticle" and news["@context"] == "https://schema.org"
    assert news["headline"] == "Allies </script><script>alert(1)</script> meet"
    assert news["dateline"].startswith("Beijing, ")
    assert news["datePublished"] == article.first_published_at.isoformat()
    assert news["dateModified"]
    assert news["author"] == [
        {
            "@type": "Person",
            "name": "Li Wei",
            "url": "https://news.example.org/authors/li-wei/",
            "jobTitle": "Beijing correspondent",
        }
    ]
    assert news["publisher"]["@type"] == "Organization"
    assert news["publisher"]["logo"]["url"].startswith("https://news.example.org/static/newsroom/icons/icon-512")
    assert news["image"][0].startswith("https://news.example.org/media/")
    assert news["articleSection"] == "World"
    assert news["keywords"] == ["China"]
    assert news["isAccessibleForFree"] is True
    assert news["mainEntityOfPage"] == {
        "@type": "WebPage",
        "@id": "https://news.example.org/world/" + article.slug + "/",
    }
    assert [i["item"] for i in trail["itemListElement"]] == [
        "https://news.example.org/",
        "https://news.example.org/world/",
        news["mainEntityOfPage"]["@id"],
    ]
    # The headline cannot close the script element it sits in.
    assert "</script><script>alert(1)" not in html


def test_article_has_canonical_on_site_url_and_social_cards_with_the_image(client, article):
    html = client.get(article.url).content.decode()
    canonical = f"https://news.example.org/world/{article.slug}/"
    assert f'<link rel="canonical" href="{canonical}">' in html
    assert meta(html, "property", "og:url") == canonical
    assert meta(html, "property", "og:image").startswith("https://news.example.org/media/")
    assert meta(html, "name", "twitter:card") == "summary_large_image"
    assert meta(html, "name", "description") == article.standfirst


def test_front_page_is_a_website_with_a_search_action_and_a_description(client, article):
    html = client.get("/").content.decode()
    (website,) = json_ld(html)
    assert website["@type"] == "WebSite" and website["url"] == "https://news.example.org/"
    action = website["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"] == "https://news.example.org/search/?q={search_term_string}"
    assert action["query-input"] == "required name=search_term_string"
    assert meta(html, "name", "description")
    assert '<link rel="canonical" href="https://news.example.org/">' in html


@pytest.mark.parametrize(
    "url, kind",
    [("/world/", "CollectionPage"), ("/tags/china/", "CollectionPage"), ("/authors/li-wei/", "ProfilePage")],
)
def test_listings_carry_their_page_type_and_a_description(client, article, url, kind):
    html = client.get(url).content.decode()
    page = json_ld(html)[0]
    assert page["@type"] == kind
    assert page["url"] == "https://news.example.org" + url
    assert meta(html, "name", "description")
    assert f'<link rel="canonical" href="https://news.example.org{url}">' in html
    if kind == "ProfilePage":
        assert page["mainEntity"] == {
            "@type": "Person",
            "name": "Li Wei",
            "url": "https://news.example.org/authors/li-wei/",
            "jobTitle": "Beijing correspondent",
        }


def test_favicon_and_app_icons_are_served(client, article):
    favicon = client.get("/favicon.ico")
    assert favicon.status_code == 200 and favicon["Content-Type"] == "image/x-icon"
    assert favicon.content[:4] == b"\x00\x00\x01\x00"  # the ICO signature
    manifest = json.loads(client.get("/manifest.webmanifest").content)
    assert {icon["sizes"] for icon in manifest["icons"]} == {"192x192", "512x512"}
    html = client.get("/").content.decode()
    assert '<link rel="icon" href="/favicon.ico"' in html and 'rel="apple-touch-icon"' in html
    for icon in manifest["icons"]:  # the test client serves no static files: ask the finders
        assert finders.find(icon["src"].removeprefix("/static/")), icon["src"]


def test_a_draft_preview_without_a_publication_time_still_renders_its_json_ld(article):
    from broadsheet.newsroom.structured_data import article as article_json

    article.first_published_at = None
    news, _ = article_json(article, section=article.get_parent(), bylines=[], tags=[], last_updated_at=None)
    assert news["datePublished"][:10] == timezone.now().isoformat()[:10]


OPEN_GRAPH = ["og:title", "og:type", "og:image", "og:url", "og:description", "og:site_name"]
PAGE_TYPES = {
    "/": "website",
    "/world/": "website",
    "/tags/china/": "website",
    "/authors/li-wei/": "profile",
    "/search/?q=allies": "website",
    "/community-standards/": "website",
    "/accounts/login/": "website",
}


def head_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return lxml_html.fromstring(response.content).find("head")


@pytest.mark.parametrize("url", [*PAGE_TYPES, "article"])
def test_every_page_type_has_a_whole_social_card_and_one_description(client, article, url):
    kind = "article" if url == "article" else PAGE_TYPES[url]
    url = article.url if url == "article" else url
    head = head_of(client, url)
    found = {}
    for tag in head.iterfind("meta"):
        name = tag.get("property") or tag.get("name")
        found.setdefault(name, []).append(tag.get("content"))
    for name in [*OPEN_GRAPH, "twitter:card", "description"]:
        assert len(found.get(name, [])) == 1, (url, name, found.get(name))
        assert found[name][0].strip(), (url, name)
    assert found["og:type"] == [kind]
    assert found["og:site_name"] == ["Broadsheet"]
    assert found["og:image"][0].startswith("https://news.example.org/")
    assert found["og:url"][0].startswith("https://news.example.org/")
    assert found["twitter:card"] == ["summary_large_image"]


def test_pages_without_a_picture_of_their_own_are_shared_with_the_sites(client, article):
    head = head_of(client, "/world/")
    image = head.find("meta[@property='og:image']").get("content")
    assert image.startswith("https://news.example.org/static/newsroom/share")
    assert finders.find("newsroom/share.png")
    article_image = head_of(client, article.url).find("meta[@property='og:image']").get("content")
    assert article_image.startswith("https://news.example.org/media/")


def test_browsers_find_the_search_through_opensearch_and_its_template_works(client, article):
    link = head_of(client, "/").find("link[@rel='search']")
    assert link.get("type") == "application/opensearchdescription+xml"
    assert link.get("href") == "https://news.example.org/opensearch.xml"
    response = client.get("/opensearch.xml")
    assert response["Content-Type"].startswith("application/opensearchdescription+xml")
    ns = {"o": "http://a9.com/-/spec/opensearch/1.1/"}
    document = etree.fromstring(response.content)
    assert len(document.findtext("o:ShortName", namespaces=ns)) <= 16
    template = document.find("o:Url[@type='text/html']", ns).get("template")
    assert template == "https://news.example.org/search/?q={searchTerms}"
    results = client.get(template.removeprefix("https://news.example.org").replace("{searchTerms}", "allies"))
    assert results.status_code == 200 and b"meet" in results.content


def test_date_modified_is_the_latest_change_readers_were_told_of_not_the_last_save(
    client, make_article, committed, settings
):
    published_at = timezone.now() - timedelta(days=3)
    # Saved and published now, dated three days ago, as an imported or demo article is.
    old = make_article("An older story", published_at=published_at)
    assert old.last_published_at > published_at
    news, _ = json_ld(client.get(old.url).content.decode())
    assert news["dateModified"] == news["datePublished"] == published_at.isoformat()
    corrected_at = timezone.now() - timedelta(days=1)
    with committed():  # as an editor adds one: in a new revision, published
        old.corrections.add(Correction(published_at=corrected_at, note="A name was misspelt."))
        old.save_revision().publish()
    news, _ = json_ld(client.get(old.url).content.decode())
    assert news["dateModified"] == corrected_at.isoformat()


def test_search_and_front_page_are_shared_under_their_own_names(client, article):
    assert head_of(client, "/search/?q=allies").find("meta[@property='og:title']").get("content") == "Search"
    assert head_of(client, "/").find("meta[@property='og:title']").get("content") == "Broadsheet"
