"""The search index follows publishing: publish, unpublish, privacy, deletion, bulk imports and rebuilds."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from broadsheet.newsroom.demo.build import build_synthetic_articles
from broadsheet.newsroom.factories import paragraphs_body
from broadsheet.search.index import key_at, page_id_of, sort_key
from broadsheet.search.models import IndexedArticle

from .test_search import titles


def fts_rows():
    """Return the rowids SQLite's FTS5 index holds (None on PostgreSQL, which has no separate index)."""
    if connection.vendor != "sqlite":
        return None
    with connection.cursor() as cursor:
        # The index's own record of its rows, not the content table it reads words from.
        cursor.execute("SELECT id FROM search_fts_docsize ORDER BY id")
        return [row for (row,) in cursor.fetchall()]


def test_the_sort_key_orders_by_first_publication_then_page_id():
    now = timezone.now()
    assert sort_key(now, 7) < sort_key(now, 8) < sort_key(now + timedelta(seconds=1), 1)
    assert page_id_of(sort_key(now, 123_456)) == 123_456
    long_ago = now.replace(year=1990)  # before the key's epoch: negative keys still order and decode
    assert sort_key(long_ago, 5) < key_at(now) and page_id_of(sort_key(long_ago, 5)) == 5


def test_publishing_indexes_the_words_and_filters_of_an_article(make_article, china_tag, author, world):
    article = make_article("Pipeline talks resume", tags=[china_tag], body=paragraphs_body(["Gas <b>flows</b>."]))
    entry = IndexedArticle.objects.get(page=article)
    assert entry.title == "Pipeline talks resume"
    assert "Gas flows" in entry.body and "<b>" not in entry.body
    assert entry.facets.split() == [f"s{world.pk}", f"t{china_tag.pk}", f"a{author.pk}"]
    assert entry.sort_key == sort_key(article.first_published_at, article.pk)
    assert fts_rows() in (None, [entry.sort_key])


def test_a_draft_is_not_indexed_and_unpublishing_removes_an_article(make_article, committed):
    make_article("A draft about grain", publish=False)
    article = make_article("Grain harvest")
    assert list(IndexedArticle.objects.values_list("page_id", flat=True)) == [article.pk]
    with committed():
        article.unpublish()
    assert not IndexedArticle.objects.exists()
    assert fts_rows() in (None, [])


def test_a_private_section_leaves_the_index_and_returns_when_made_public(client, make_article, world):
    make_article("Grain harvest in the world section")
    assert titles(client.get("/search/", {"q": "grain"})) == ["Grain harvest in the world section"]
    restriction = PageViewRestriction.objects.create(page=world, restriction_type="password", password="s3cret")
    assert not IndexedArticle.objects.exists()
    assert titles(client.get("/search/", {"q": "grain"})) == []
    restriction.delete()
    assert titles(client.get("/search/", {"q": "grain"})) == ["Grain harvest in the world section"]


def test_deleting_an_article_deletes_its_entry_and_its_words(client, make_article):
    article = make_article("Grain harvest")
    article.delete()
    assert not IndexedArticle.objects.exists()
    assert fts_rows() in (None, [])
    assert titles(client.get("/search/", {"q": "grain"})) == []


def test_articles_written_in_bulk_are_indexed_as_they_are_written(client, make_article):
    make_article("Grain harvest")
    build_synthetic_articles(12, batch=5)
    assert IndexedArticle.objects.count() == 13
    html = client.get("/search/", {"q": "briefings"}).content.decode()
    assert "12 articles found" in html


def test_rebuilding_the_index_gives_what_publishing_gave(make_article, china_tag, economy):
    make_article("Grain harvest", tags=[china_tag])
    make_article("Port traffic", section=economy)
    before = sorted(IndexedArticle.objects.values_list("page_id", "sort_key", "title", "body", "facets"))
    rows = fts_rows()
    call_command("index_articles", stdout=io.StringIO())
    assert sorted(IndexedArticle.objects.values_list("page_id", "sort_key", "title", "body", "facets")) == before
    assert fts_rows() == rows


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 table")
def test_sqlites_index_stays_consistent_after_edits(make_article, committed):
    article = make_article("Grain harvest")
    for word in ("wheat", "barley", "rye"):
        article.title = f"{word} harvest"
        with committed():
            article.save_revision().publish()
    with connection.cursor() as cursor:
        # FTS5 checks its index against the content table: an edit mirrored badly fails here.
        cursor.execute("INSERT INTO search_fts (search_fts, rank) VALUES ('integrity-check', 1)")
        cursor.execute("SELECT rowid FROM search_fts WHERE search_fts MATCH 'rye'")
        assert [row for (row,) in cursor.fetchall()] == [IndexedArticle.objects.get().sort_key]
        cursor.execute("SELECT rowid FROM search_fts WHERE search_fts MATCH 'wheat OR barley'")
        assert cursor.fetchall() == []


def test_make_run_fills_an_empty_index_of_a_site_upgraded_from_before_it(make_article):
    from django.core.management import call_command

    from broadsheet.search.models import IndexedArticle

    make_article("Indexed after an upgrade")
    IndexedArticle.objects.all().delete()
    call_command("index_articles", "--if-empty")
    assert IndexedArticle.objects.count() == 1
    IndexedArticle.objects.update(title="kept as it is")
    call_command("index_articles", "--if-empty")  # not empty: nothing is rebuilt
    assert IndexedArticle.objects.get().title == "kept as it is"


def test_a_private_sections_words_and_title_are_never_suggested_or_offered_as_a_filter(client, make_article, committed):
    from broadsheet.newsroom.factories import section_page

    hidden = section_page("Clandestine", "clandestine")
    make_article("Clandestine meeting in the harbour", section=hidden)
    make_article("Weather warning", section=section_page("Weather", "weather"))
    assert "?q=clandestine" in client.get("/search/", {"q": "clandestinr"}).content.decode()  # public, so far
    with committed():  # the navigation kept in the cache forgets the section too
        PageViewRestriction.objects.create(page=hidden, restriction_type="password", password="s3cret")
    html = client.get("/search/", {"q": "clandestinr"}).content.decode()
    assert "Did you mean" not in html and "Clandestine" not in html
    assert "?q=weather" in client.get("/search/", {"q": "weathr"}).content.decode()  # public words still are


def test_an_articles_words_are_indexed_once_for_readers_and_its_headline_for_the_back_office(client, make_article):
    make_article("Harbour strike ends", body=paragraphs_body(["Dockworkers voted to return on Monday."]))
    call_command("update_index", verbosity=0)
    assert titles(client.get("/search/", {"q": "dockworkers"})) == ["Harbour strike ends"]
    assert [page.title for page in Page.objects.search("harbour")] == ["Harbour strike ends"]
    # The body's words are in the readers' index only.
    assert [page.title for page in Page.objects.search("dockworkers")] == []
