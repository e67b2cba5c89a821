"""Drafts, scheduled and expired articles stay out of search, related lists, every feed and every
sitemap until their time and after their removal: the single definition,
`ArticlePage.objects.visible()`, travelled through in time."""

from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from broadsheet.newsroom.factories import paragraphs_body

FEEDS = [
    f"/feeds/{scope}{format}/"
    for scope in ["", "sections/world/", "tags/china/", "authors/li-wei/"]
    for format in ("rss", "atom", "json")
]
SURFACES = [*FEEDS, "/sitemaps/articles-1.xml", "/sitemaps/news.xml", "/search/?q=embargo", "/search/?q=draft"]


def surfaces_showing(client, slug, related_on=None):
    """Return the discovery surfaces that show the article with this slug (and `related_on`'s page)."""
    urls = SURFACES + ([related_on.url] if related_on else [])
    return [url for url in urls if slug in client.get(url).content.decode()]


@pytest.fixture
def public(make_article, china_tag):
    return make_article("Already public", tags=[china_tag], body=paragraphs_body(["An embargo and a draft."]))


def test_a_draft_is_on_no_discovery_surface(client, make_article, china_tag, public):
    make_article("Secret draft", tags=[china_tag], publish=False, body=paragraphs_body(["The draft embargo."]))
    assert surfaces_showing(client, "already-public") == SURFACES
    assert surfaces_showing(client, "secret-draft", public) == []


def test_a_scheduled_article_appears_at_its_time_and_leaves_at_its_expiry(
    client, make_article, china_tag, public, committed, index_updates
):
    go_live = timezone.now() + timedelta(hours=2)
    expiry = go_live + timedelta(hours=3)
    article = make_article("Embargoed story", tags=[china_tag], publish=False, body=paragraphs_body(["Under embargo."]))
    article.go_live_at, article.expire_at = go_live, expiry
    with committed():
        article.save_revision().publish()  # schedules
    index_updates()
    assert surfaces_showing(client, "embargoed-story", public) == []  # also fills the page cache

    with time_machine.travel(go_live + timedelta(seconds=30), tick=False):
        with committed():
            call_command("run_scheduler", once=True)
        index_updates()  # the index and the related scores, as the worker would
        shown = surfaces_showing(client, "embargoed-story", public)
        assert shown == [*SURFACES[:-1], public.url]  # "draft" is not in its text

    # Past its expiry and before the scheduler's next run, the time checks alone hide it.
    with time_machine.travel(expiry + timedelta(seconds=1), tick=False):
        assert [u for u in surfaces_showing(client, "embargoed-story") if u.startswith("/search/")] == []
        with committed():
            call_command("run_scheduler", once=True)
        index_updates()
        assert surfaces_showing(client, "embargoed-story", public) == []


def test_an_unpublished_article_leaves_every_surface(client, public, committed, index_updates):
    assert surfaces_showing(client, "already-public") == SURFACES
    with committed():
        public.unpublish()
    index_updates()
    assert surfaces_showing(client, "already-public") == []
