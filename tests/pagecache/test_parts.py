"""Kept parts: a page that left the page cache re-renders only what changed, and never shows a stale part."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Site

from broadsheet.newsroom.models import ArticlePage, Author, RelatedArticle, Tag
from broadsheet.newsroom.sites import kept_site
from broadsheet.pagecache import dependencies
from broadsheet.pagecache.dependencies import (
    NAVIGATION,
    LocalCopies,
    begin_request,
    current_versions,
    remember,
    request_state,
    version_key,
)
from broadsheet.pagecache.parts import kept_part


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    # Every request renders: what is measured here is what the page's template keeps.
    settings.PAGE_CACHE_ENABLED = False


@pytest.fixture
def story(make_article, china_tag):
    first = make_article("Kept story", tags=[china_tag], body=[("paragraph", "<p>The first telling.</p>")])
    second = make_article("Its neighbour")
    RelatedArticle.objects.create(source=first, article=second, sort_order=0)
    return first, second


def text(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_rerendering_an_article_whose_parts_are_kept_asks_only_which_pages_are_private(
    client, story, django_assert_num_queries
):
    first, _ = story
    before = text(client, first.url)
    with django_assert_num_queries(1):  # private pages are read once per request, never kept
        again = text(client, first.url)
    assert again == before
    assert "Its neighbour" in again and "The first telling." in again


def test_cold_render_and_kept_render_give_the_same_page(client, story, settings):
    first, _ = story
    text(client, first.url)
    kept = text(client, first.url)
    settings.PAGE_PARTS_ENABLED = False
    assert text(client, first.url) == kept


def test_republishing_refreshes_every_part_of_the_article(client, story, committed):
    first, _ = story
    text(client, first.url)
    article = ArticlePage.objects.get(pk=first.pk)
    article.title = "Corrected headline"
    article.body = [("paragraph", "<p>The second telling.</p>")]
    with committed():
        article.save_revision().publish()
    html = text(client, first.url)
    assert "Corrected headline" in html and "The second telling." in html
    assert "The first telling." not in html and "Kept story" not in html


def test_retitled_related_article_refreshes_the_related_headlines(client, story, committed):
    first, second = story
    assert "Its neighbour" in text(client, first.url)
    second = ArticlePage.objects.get(pk=second.pk)
    second.title = "Its renamed neighbour"
    with committed():
        second.save_revision().publish()
    assert "Its renamed neighbour" in text(client, first.url)


@pytest.mark.parametrize(
    "model, slug, renamed, shown",
    [(Tag, "china", "People's Republic", "People&#x27;s Republic"), (Author, "li-wei", "Wei Li", "Wei Li")],
    ids=["tag row", "byline"],
)
def test_renamed_tag_or_author_refreshes_the_article_that_prints_it(
    client, story, committed, model, slug, renamed, shown
):
    first, _ = story
    text(client, first.url)
    named = model.objects.get(slug=slug)
    named.name = renamed
    with committed():
        named.save()
    assert shown in text(client, first.url)


def test_publication_in_a_tag_leaves_the_tags_other_articles_cached(client, settings, make_article, china_tag):
    settings.PAGE_CACHE_ENABLED = True
    first = make_article("An older story", tags=[china_tag])
    client.get(first.url)
    client.get("/tags/china/")
    make_article("A newer story", tags=[china_tag])
    # The tag's listing shows the new story; the older article prints only the tag's name.
    assert client.get("/tags/china/")["X-Page-Cache"] == "miss"
    assert client.get(first.url)["X-Page-Cache"] == "hit"


def test_unpublished_article_is_gone_at_once(client, story, committed):
    first, _ = story
    text(client, first.url)
    with committed():
        ArticlePage.objects.get(pk=first.pk).unpublish()
    assert client.get(first.url).status_code == 404


def test_expired_article_is_gone_before_the_scheduler_runs(client, make_article):
    article = make_article("Short-lived story", expire_at=timezone.now() + timedelta(hours=1))
    assert client.get(article.url).status_code == 200  # its route is kept from here
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        assert client.get(article.url).status_code == 404


def test_preview_shows_the_draft_not_the_kept_body(client, story):
    first, _ = story
    text(client, first.url)
    article = ArticlePage.objects.get(pk=first.pk)
    article.body = [("paragraph", "<p>A draft telling.</p>")]
    draft = article.save_revision().as_object()
    html = draft.make_preview_request().content.decode()
    assert "A draft telling." in html and "The first telling." not in html
    assert "The first telling." in text(client, first.url)  # readers still see the live one


def test_a_page_stored_with_kept_parts_depends_on_what_they_show(client, settings, story, committed):
    settings.PAGE_CACHE_ENABLED = True
    first, second = story
    assert client.get(first.url)["X-Page-Cache"] == "miss"
    author = Author.objects.get(slug="li-wei")
    author.name = "Wei Li"
    with committed():
        author.save()
    # Re-rendered for the byline, with its related headlines kept: their keys must still be the page's.
    assert client.get(first.url)["X-Page-Cache"] == "miss"
    assert client.get(first.url)["X-Page-Cache"] == "hit"
    second = ArticlePage.objects.get(pk=second.pk)
    second.title = "Its renamed neighbour"
    with committed():
        second.save_revision().publish()
    response = client.get(first.url)
    assert response["X-Page-Cache"] == "miss" and "Its renamed neighbour" in response.content.decode()


def test_a_hidden_related_article_comes_back_when_it_is_republished(client, story, committed):
    first, second = story
    with committed():
        ArticlePage.objects.get(pk=second.pk).unpublish()
    assert "Its neighbour" not in text(client, first.url)
    with committed():
        ArticlePage.objects.get(pk=second.pk).save_revision().publish()
    assert "Its neighbour" in text(client, first.url)


def test_a_moved_article_is_linked_at_its_new_address_everywhere(client, story, economy, committed):
    first, _ = story
    assert first.url in text(client, "/")
    text(client, first.url)
    with committed():
        ArticlePage.objects.get(pk=first.pk).move(economy, pos="last-child")
    moved = ArticlePage.objects.get(pk=first.pk)
    assert moved.url.startswith("/economy/")
    front = text(client, "/")
    assert moved.url in front and first.url not in front
    assert f'<link rel="canonical" href="http://127.0.0.1:8000{moved.url}">' in text(client, moved.url)
    old_address = client.get(first.url)
    assert (old_address.status_code, old_address["Location"]) == (301, moved.url)  # Wagtail's redirect


def test_a_renamed_section_is_renamed_in_the_kept_section_bar(client, story, world, committed):
    first, _ = story
    assert ">World</a>" in text(client, first.url)
    with committed():
        world.title = "World news"
        world.save_revision().publish()
    page = text(client, first.url)
    assert ">World news</a>" in page and ">World</a>" not in page


def test_inner_part_keys_reach_the_outer_part(rf):
    request = rf.get("/")
    inner = kept_part(request, "test-inner", lambda: ("inner", {"test:inner"}))

    def outer():
        return f"<div>{kept_part(request, 'test-inner', lambda: ('x', set()))}</div>", {"test:outer"}

    assert inner == "inner" and kept_part(request, "test-outer", outer) == "<div>inner</div>"
    fresh = rf.get("/")
    kept_part(fresh, "test-outer", lambda: pytest.fail("the outer part is kept"))
    assert {"test:inner", "test:outer", NAVIGATION} <= request_state(fresh).dependencies


def test_a_part_built_from_a_copy_checked_mid_invalidation_is_not_kept(rf):
    kept_part(rf.get("/"), "test-inner", lambda: ("old text", {"test:k"}))
    # An invalidation has written the key's new version but not yet its final epoch.
    cache.set(version_key("test:k"), "a newer version", timeout=None)
    request = rf.get("/")
    html = kept_part(request, "test-outer", lambda: (kept_part(request, "test-inner", pytest.fail), set()))
    assert html == "old text"  # the copy this process took under the epoch that still stands
    assert not request_state(request).agrees_with(current_versions({"test:k"}))  # so no page is stored either
    calls = []
    kept_part(rf.get("/"), "test-outer", lambda: (calls.append(1) or "new", set()))
    assert calls == [1]  # the outer part was not kept


def test_with_a_cache_that_keeps_nothing_parts_are_rendered_without_asking_it(rf, monkeypatch):
    asked = []

    class Watched:
        """The real cache, with every call to it written down."""

        def __getattr__(self, name):
            asked.append(name)
            return getattr(cache, name)

    monkeypatch.setattr(dependencies, "cache", Watched())
    request = rf.get("/")
    begin_request(request, None)  # the epoch the middleware reads while Redis is down
    calls = []
    for _ in range(2):
        assert kept_part(request, "test-down", lambda: (calls.append(1) or "text", {"test:k"})) == "text"
    assert calls == [1, 1] and asked == []  # a dead cache would make each call wait


def test_remembered_objects_are_each_callers_own_copy(db):
    def look_up():
        return {"names": ["kept"]}, {"test:copy"}

    first = remember("test-copy", look_up)
    first["names"].append("changed by one caller")
    assert remember("test-copy", look_up) == {"names": ["kept"]}


def test_renamed_site_is_read_again(rf, home, committed):
    request = rf.get("/")
    assert kept_site(request).site_name != "Renamed newsroom"
    site = Site.objects.get(is_default_site=True)
    site.site_name = "Renamed newsroom"
    with committed():
        site.save()
    assert kept_site(rf.get("/")).site_name == "Renamed newsroom"


def test_local_copies_keep_to_their_budget_dropping_the_least_recently_used():
    copies = LocalCopies(budget=1000)
    names = "abcdefghijk"
    for name in names:
        copies.put(name, "epoch", name * 90, set(), {})
    copies.get("a", "epoch")  # used lately: kept
    copies.put("l", "epoch", "l" * 90, set(), {})
    assert copies.get("b", "epoch") is None
    assert all(copies.get(name, "epoch") for name in "acdefghijkl")
    assert copies.used <= 1000
    copies.put("huge", "epoch", "x" * 200, set(), {})  # a fifth of the budget: not kept at all
    assert copies.get("huge", "epoch") is None and copies.get("c", "epoch")
    assert copies.get("a", "a later epoch") is None  # anything invalidated since: not used


def test_a_signed_in_readers_render_neither_uses_nor_keeps_parts(client, story, db):
    first, _ = story
    reader = Client()
    reader.force_login(get_user_model().objects.create_user("reader", password="a-long-passphrase"))
    with CaptureQueriesContext(connection) as signed_in:
        text(reader, first.url)
    with CaptureQueriesContext(connection) as anonymous:
        text(client, first.url)  # nothing kept from the signed-in render: everything is read
    with CaptureQueriesContext(connection) as again:
        text(reader, first.url)  # the anonymous render's parts are not used either
    assert len(anonymous) > 5 and len(again) >= len(anonymous)
    with CaptureQueriesContext(connection) as kept:
        text(client, first.url)
    assert len(kept) == 1 and len(signed_in) > 5
