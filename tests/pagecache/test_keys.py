"""Cache keys: built in one place, each kind invalidated by someone, and the cache cannot be split at will."""

import pytest
from django.test import Client

from broadsheet.pagecache.dependencies import (
    invalidators,
    invalidators_not_run_by_signals,
    kind_of,
    listing_key,
    object_key,
    page_key,
    request_state,
)
from broadsheet.pagecache.middleware import canonical_host, entry_key, requested_page_number
from broadsheet.polls.factories import PollFactory


@pytest.fixture
def every_kind_of_page(client, make_article, china_tag, author, world, committed):
    poll = PollFactory()
    with committed():
        article = make_article(
            "A story with everything", tags=[china_tag], body=[("paragraph", "<p>Text.</p>"), ("poll", poll)]
        )
        make_article("A neighbour", tags=[china_tag])
    return ["/", world.url, article.url, china_tag.get_absolute_url(), author.get_absolute_url()]


def test_every_kind_of_key_a_page_records_has_a_receiver_that_invalidates_it(rf, every_kind_of_page):
    from django.urls import resolve

    recorded = set()
    for url in every_kind_of_page:
        request = rf.get(url)
        response = resolve(url).func(request, *resolve(url).args, **resolve(url).kwargs)
        assert response.status_code == 200, url
        response.render()
        # The page's own keys, and those of the kept parts its template showed.
        shown = response.page_cache_dependencies | request_state(request).dependencies
        recorded |= {kind_of(key) for key in shown}
    # The pages above show all of these; if one is missing here, the page stopped recording it.
    assert {"page", "nav", "list:newsroom.homepage", "list:newsroom.sectionpage", "list:newsroom.tag"} <= recorded
    assert {"list:newsroom.author", "newsroom.author", "newsroom.tag", "polls.poll"} <= recorded
    assert {"newsroom.automaticrelated", "listen.articleaudio"} <= recorded
    live = connected_receivers() | invalidators_not_run_by_signals()
    declared = invalidators()
    unwatched = {kind for kind in recorded if not declared.get(kind, set()) & live}
    assert unwatched == set(), f"pages record keys nobody ever invalidates: {unwatched}"


def qualified(function):
    return f"{function.__module__}.{function.__qualname__}"


def connected_receivers():
    """Return the names of the functions connected to the signals that editorial changes send."""
    import weakref

    from django.db.models.signals import post_delete, post_save
    from wagtail.signals import page_published, page_unpublished, post_page_move

    names = set()
    for signal in (post_save, post_delete, page_published, page_unpublished, post_page_move):
        for _, receiver, *_ in signal.receivers:
            function = receiver() if isinstance(receiver, weakref.ReferenceType) else receiver
            if function is not None:
                names.add(qualified(function))
    return names


def test_keys_are_built_from_models_not_typed():
    from broadsheet.newsroom.models import Author, HomePage, SectionPage

    assert page_key(42) == "page:42"
    assert listing_key(SectionPage, 7) == "list:newsroom.sectionpage:7"
    assert listing_key(HomePage) == "list:newsroom.homepage"
    assert object_key(Author, 5) == "newsroom.author:5"
    assert kind_of("list:newsroom.sectionpage:7") == "list:newsroom.sectionpage"


@pytest.mark.parametrize("value", ["1", "01", "001"])
def test_spellings_of_the_first_page_are_one_entry(rf, value):
    assert requested_page_number(rf.get(f"/world/?page={value}")) is None


@pytest.mark.parametrize("value", ["abc", "\x00", "+1", "-1", "0", "1.0", "9999999"])
def test_values_that_are_no_page_number_are_told_apart(rf, value):
    from broadsheet.pagecache.middleware import NOT_A_PAGE_NUMBER

    assert requested_page_number(rf.get("/world/", {"page": value})) is NOT_A_PAGE_NUMBER


@pytest.mark.parametrize("host", ["testserver", "TESTSERVER", "testserver.", "testserver:443", "testserver:80"])
def test_spellings_of_one_host_are_one_entry(rf, settings, host):
    settings.ALLOWED_HOSTS = ["testserver", "testserver."]
    assert canonical_host(rf.get("/", HTTP_HOST=host)) == "testserver"
    assert entry_key(rf.get("/", HTTP_HOST=host)) == entry_key(rf.get("/"))


@pytest.mark.parametrize("query", ["?page=abc", "?page=%00", "?page=01", "?page=001", "?page=%2B1", "?page=7"])
def test_an_article_asked_with_any_page_number_is_the_cached_article(client, make_article, query):
    article = make_article("Unsplittable")
    assert client.get(article.url)["X-Page-Cache"] == "miss"
    response = client.get(article.url + query)
    assert (response.status_code, response["X-Page-Cache"]) == (200, "hit")


def test_a_listings_pages_are_kept_apart_and_bad_numbers_share_one_kept_404(
    client, make_article, world, settings, tmp_path
):
    settings.ARTICLES_PER_PAGE = 1
    settings.PAGE_FILES_DIR = str(tmp_path / "pages")
    make_article("Older")
    make_article("Newer")
    first, second = client.get(world.url), client.get(world.url + "?page=2")
    assert first.content != second.content
    assert client.get(world.url + "?page=02")["X-Page-Cache"] == "hit"
    assert client.get(world.url + "?page=01").content == first.content
    outcomes = []
    for bad in ("abc", "+1", "0", "3", "999999"):
        response = Client().get(world.url, {"page": bad})
        assert response.status_code == 404
        outcomes.append(response["X-Page-Cache"])
    assert outcomes == ["miss", "hit", "hit", "hit", "hit"]
    # Files are for nginx to send as pages: the kept 404 is never one.
    written = sorted(p.name for p in (tmp_path / "pages").rglob("*.html"))
    assert written == ["index.html", "page-2.html"]


def test_a_remembered_value_is_kept_until_a_key_it_names_is_invalidated(db, committed):
    from broadsheet.pagecache.dependencies import invalidate, remember

    computed = []

    def compute():
        computed.append(1)
        return len(computed), {page_key(7)}

    assert remember("test:value", compute) == 1
    assert remember("test:value", compute) == 1
    with committed():
        invalidate({page_key(8)})  # another page: still kept
    assert remember("test:value", compute) == 1
    with committed():
        invalidate({page_key(7)})
    assert remember("test:value", compute) == 2


def test_a_value_computed_while_an_invalidation_landed_is_not_kept(db, committed):
    from broadsheet.pagecache.dependencies import invalidate, remember

    computed = []

    def compute_across_an_edit():
        computed.append(1)
        if len(computed) == 1:
            # The database was read before this edit committed: the value may be the old one.
            with committed():
                invalidate({page_key(7)})
        return len(computed), {page_key(7)}

    assert remember("test:racing", compute_across_an_edit) == 1
    assert remember("test:racing", compute_across_an_edit) == 2
    assert remember("test:racing", compute_across_an_edit) == 2


def test_an_invalidation_moves_the_epoch_before_and_after_the_versions(db, committed, monkeypatch):
    # The file cache writes keys one by one: a reader between the writes must see a moved epoch.
    from django.core.cache import cache

    from broadsheet.pagecache.dependencies import EPOCH_KEY, invalidate, version_key

    written = []
    real_set, real_set_many = cache.set, cache.set_many
    monkeypatch.setattr(cache, "set", lambda key, *a, **k: written.append([key]) or real_set(key, *a, **k))
    monkeypatch.setattr(
        cache, "set_many", lambda keys, *a, **k: written.append(sorted(keys)) or real_set_many(keys, *a, **k)
    )
    with committed():
        invalidate({page_key(7)})
    # (A cache whose set_many calls set records a group twice in a row: one write.)
    order = [keys for n, keys in enumerate(written) if n == 0 or keys != written[n - 1]]
    assert order == [[EPOCH_KEY], [version_key(page_key(7))], [EPOCH_KEY]]
