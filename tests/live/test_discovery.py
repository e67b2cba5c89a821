"""A live blog where machines find it: LiveBlogPosting JSON-LD, feeds, sitemaps, the news sitemap, search."""

import json
from datetime import timedelta

import extruct
import pytest
from bs4 import BeautifulSoup
from django.db.models import Q
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from lxml import etree
from pyld import jsonld

from broadsheet.live import services
from broadsheet.live.factories import create_live_page
from broadsheet.live.models import LivePage
from broadsheet.newsroom.factories import paragraphs_body

SITE = "https://news.example.org"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "n": "http://www.google.com/schemas/sitemap-news/0.9"}
# schema.org's context, as its address serves it, reduced to what expansion needs: every term is
# a schema.org name. Tests run offline, so pyld is handed this instead of fetching it.
SCHEMA_ORG_CONTEXT = {"@context": {"@vocab": "https://schema.org/"}}


def offline_loader(url, options=None):
    assert url.rstrip("/") in ("https://schema.org", "http://schema.org"), url
    return {"contextUrl": None, "documentUrl": url, "document": SCHEMA_ORG_CONTEXT}


def json_ld_of(html):
    """Return the page's JSON-LD as extruct reads it, after checking every object expands as JSON-LD."""
    found = extruct.extract(html, base_url=SITE, syntaxes=["json-ld"], uniform=True)["json-ld"]
    for data in found:
        expanded = jsonld.expand(data, {"documentLoader": offline_loader})
        assert expanded and all("@type" in node for node in expanded), data
    return found


def entry(page, user, text, **kwargs):
    return services.add_entry(page, user, body=paragraphs_body([text]), **kwargs)


@pytest.fixture
def reporting(settings, live_page, editor_user, committed):
    """The live blog with twelve entries published, the newest last."""
    settings.SITE_URL = SITE
    with committed():
        entries = [
            entry(live_page, editor_user, f"Update number {n}: the delegations talk about energy and trade.")
            for n in range(1, 12)
        ]
        entries.append(entry(live_page, editor_user, "The leaders shook hands.", title="Handshake", key_event=True))
    return live_page, entries


def test_json_ld_is_a_live_blog_posting_with_its_latest_entries(client, reporting, committed):
    page, entries = reporting
    posting, trail = json_ld_of(client.get(page.url).content.decode())
    assert posting["@type"] == "LiveBlogPosting" and trail["@type"] == "BreadcrumbList"
    assert posting["headline"] == page.title and posting["description"] == page.standfirst
    assert posting["author"][0]["name"] == "Li Wei" and posting["publisher"]["@type"] == "Organization"
    assert "dateline" not in posting  # a NewsArticle's property, not a blog posting's
    assert posting["coverageStartTime"] == page.first_published_at.isoformat()
    assert "coverageEndTime" not in posting
    assert posting["dateModified"] == entries[-1].published_at.isoformat()
    updates = posting["liveBlogUpdate"]
    assert len(updates) == 10
    newest = updates[0]
    assert newest["@type"] == "BlogPosting" and newest["headline"] == "Handshake"
    assert newest["url"] == f"{SITE}{page.url}#entry-{entries[-1].pk}"
    assert newest["articleBody"] == "The leaders shook hands."
    assert newest["datePublished"] == entries[-1].published_at.isoformat()
    # Without a title, an entry is headed by its first words.
    assert updates[1]["headline"] == "Update number 11: the delegations talk about energy and trade."
    assert [u["url"] for u in updates] == [f"{SITE}{page.url}#entry-{e.pk}" for e in reversed(entries[-10:])]

    with committed():
        page.coverage_status, page.coverage_end = LivePage.Status.ENDED, timezone.now()
        page.save_revision().publish()
    posting, _ = json_ld_of(client.get(page.url).content.decode())
    assert posting["coverageEndTime"] == page.coverage_end.isoformat()


def test_a_correction_or_a_deletion_reaches_the_json_ld_of_the_kept_page(client, reporting, editor_user, committed):
    page, entries = reporting
    client.get(page.url)  # kept by the page cache
    with committed():
        services.edit_entry(
            entries[-1], editor_user, body=paragraphs_body(["The leaders embraced."]), title="Handshake"
        )
        services.delete_entry(entries[-2], editor_user)
    posting, _ = json_ld_of(client.get(page.url).content.decode())
    entries[-1].refresh_from_db()
    assert posting["dateModified"] == entries[-1].corrected_at.isoformat()
    assert posting["liveBlogUpdate"][0]["articleBody"] == "The leaders embraced."
    assert posting["liveBlogUpdate"][0]["dateModified"] == entries[-1].corrected_at.isoformat()
    assert f"#entry-{entries[-2].pk}" not in json.dumps(posting)


def lastmods(client, path):
    document = etree.fromstring(client.get(path).content)
    return {url.findtext("s:loc", namespaces=NS): url.findtext("s:lastmod", namespaces=NS) for url in document}


def news_addresses(client):
    document = etree.fromstring(client.get("/sitemaps/news.xml").content)
    return {url.findtext("s:loc", namespaces=NS): url.find("n:news", NS) is not None for url in document}


@pytest.fixture
def old_live_page(settings, world, author, make_article, committed):
    """A live blog first published three days ago, beside a plain article published now."""
    settings.SITE_URL = SITE
    make_article("Fresh news today")
    with committed():
        return create_live_page(
            world, "Live: the long summit", authors=[author], published_at=timezone.now() - timedelta(days=3)
        )


def test_feeds_and_sitemaps_date_a_live_blog_by_its_latest_entry(client, old_live_page, editor_user, committed):
    page, address = old_live_page, SITE + old_live_page.url
    assert (
        lastmods(client, "/sitemaps/articles-1.xml")[address] == timezone.localtime(page.first_published_at).isoformat()
    )
    with committed():
        first = entry(page, editor_user, "Talks resume after a break.")
    # The sitemap was kept by the page cache: the entry must make it render again.
    moment = timezone.localtime(first.published_at).isoformat()
    assert lastmods(client, "/sitemaps/articles-1.xml")[address] == moment
    assert lastmods(client, "/sitemaps/sections-1.xml")[SITE + "/world/"] == moment
    with committed():
        services.edit_entry(first, editor_user, body=paragraphs_body(["Talks resumed after a long break."]))
    first.refresh_from_db()
    assert lastmods(client, "/sitemaps/articles-1.xml")[address] == timezone.localtime(first.corrected_at).isoformat()

    feed = json.loads(client.get("/feeds/json/").content)
    item = next(i for i in feed["items"] if i["url"] == address)
    assert item["date_modified"] == first.corrected_at.isoformat()
    assert item["date_published"] == page.first_published_at.isoformat()
    with committed():
        entry(page, editor_user, "The leaders leave.")
    feed = json.loads(client.get("/feeds/json/").content)
    assert next(i for i in feed["items"] if i["url"] == address)["date_modified"] > first.corrected_at.isoformat()


def test_the_news_sitemap_keeps_a_live_blog_while_it_is_live(client, old_live_page, committed):
    page, address = old_live_page, SITE + old_live_page.url
    news = news_addresses(client)
    assert news[address] is True and news[SITE + "/world/fresh-news-today/"] is True
    with committed():
        page.coverage_status = LivePage.Status.ENDED
        page.save_revision().publish()
    # Ended three days after it began: it leaves with its age, as any article would.
    assert address not in news_addresses(client)


def run_search_tasks(committed):
    """Run the search index tasks waiting in the queue, as the worker would."""
    waiting = DBTaskResult.objects.ready().filter(Q(task_path__startswith="broadsheet.search.tasks."))
    while (job := waiting.order_by("enqueued_at").first()) is not None:
        job.claim("live-tests")
        with committed():
            job.set_successful(job.task.call(*job.task_result.args, **job.task_result.kwargs))


def hits(client, words):
    page = BeautifulSoup(client.get("/search/", {"q": words}).content, "html.parser")
    return [a["href"] for a in page.select("ol.results li.result h3 a")]


def test_search_finds_a_word_said_only_in_an_entry_until_the_entry_is_deleted(
    client, live_page, editor_user, committed
):
    assert hits(client, "hovercraft") == []
    with committed():
        said = entry(live_page, editor_user, "A hovercraft brought the delegation across the river.")
    run_search_tasks(committed)
    assert hits(client, "hovercraft") == [live_page.url]
    with committed():
        services.delete_entry(said, editor_user)
    run_search_tasks(committed)
    assert hits(client, "hovercraft") == []
    # The page's own words are still found.
    assert hits(client, "leaders arrive") == [live_page.url]
