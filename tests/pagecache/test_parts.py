"""Kept parts: a page that left the page cache re-renders only what changed, and never shows a stale part."""

from datetime import timedelta

import pytest
import time_machine
from django.test import RequestFactory
from django.utils import timezone
from wagtail.models import Site

from broadsheet.newsroom.models import ArticlePage, Author, RelatedArticle, Tag
from broadsheet.newsroom.sites import kept_site
from broadsheet.pagecache.dependencies import NAVIGATION, LocalCopies, page_key, remember
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


def test_renamed_tag_refreshes_the_tag_row(client, story, committed):
    first, _ = story
    text(client, first.url)
    tag = Tag.objects.get(slug="china")
    tag.name = "People's Republic"
    with committed():
        tag.save()
    assert "People&#x27;s Republic" in text(client, first.url)


def test_renamed_author_refreshes_the_byline(client, story, committed):
    first, _ = story
    text(client, first.url)
    author = Author.objects.get(slug="li-wei")
    author.name = "Wei Li"
    with committed():
        author.save()
    assert "Wei Li" in text(client, first.url)


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


def test_page_depends_on_what_its_kept_parts_show(client, story):
    first, second = story
    text(client, first.url)
    # The second render takes the parts from the cache; their keys still reach the page.
    assert page_key(second) in client.get(first.url).page_cache_dependencies


def test_inner_part_keys_reach_the_outer_part(rf):
    request = rf.get("/")
    inner = kept_part(request, "test-inner", lambda: ("inner", {"test:inner"}))
    outer = kept_part(
        request,
        "test-outer",
        lambda: (f"<div>{kept_part(request, 'test-inner', lambda: ('x', set()))}</div>", {"test:outer"}),
    )
    assert inner == "inner" and outer == "<div>inner</div>"
    fresh = RequestFactory().get("/")
    kept_part(fresh, "test-outer", lambda: pytest.fail("the outer part is kept"))
    assert {"test:inner", "test:outer", NAVIGATION} <= fresh._page_part_dependencies


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
        copies.put(name, "epoch", name * 90, set())
    copies.get("a", "epoch")  # used lately: kept
    copies.put("l", "epoch", "l" * 90, set())
    assert copies.get("b", "epoch") is None
    assert all(copies.get(name, "epoch") for name in "acdefghijkl")
    assert copies.used <= 1000
    copies.put("huge", "epoch", "x" * 200, set())  # a fifth of the budget: not kept at all
    assert copies.get("huge", "epoch") is None and copies.get("c", "epoch")
    assert copies.get("a", "a later epoch") is None  # anything invalidated since: not used
