"""Search at scale: ranked and cut inside the engine, only a page's candidates checked for visibility."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from broadsheet.newsroom.demo.build import build_synthetic_articles
from broadsheet.newsroom.factories import paragraphs_body
from broadsheet.newsroom.models import ArticlePage
from broadsheet.search import queries
from broadsheet.search.queries import clauses_of, find_articles

from .test_search import titles

IN_LIST = re.compile(r"IN \(([\d, ]+)\)")


@pytest.fixture
def grain_reports(make_article):
    """Twelve reports an hour apart, newest last; each mentions grain, the even ones twice."""
    now = timezone.now()
    return [
        make_article(
            f"Report {n}",
            body=paragraphs_body([f"Grain report {n}." + (" More grain." if n % 2 == 0 else "")]),
            published_at=now - timedelta(hours=12 - n),
        )
        for n in range(12)
    ]


def test_quotes_make_a_phrase_and_unbalanced_ones_are_ignored():
    assert clauses_of('"military alliance" china') == [["military", "alliance"], ["china"]]
    assert clauses_of('"military alliance') == [["military"], ["alliance"]]
    assert clauses_of('"NEAR(a*" ^OR') == [["near", "a"], ["or"]]
    assert sum(map(len, clauses_of("w " * 50))) == queries.MAX_TERMS


def test_a_phrase_finds_only_the_words_side_by_side(client, make_article):
    make_article("Alliance talks", body=paragraphs_body(["A military alliance is not planned."]))
    make_article("Exercises", body=paragraphs_body(["The alliance held a military parade."]))
    assert titles(client.get("/search/", {"q": '"military alliance"'})) == ["Alliance talks"]
    assert len(titles(client.get("/search/", {"q": "military alliance"}))) == 2


def test_pages_follow_each_other_without_gaps_or_repeats(client, grain_reports):
    for sort in ("relevance", "newest"):
        pages = [titles(client.get("/search/", {"q": "grain", "sort": sort, "page": n})) for n in (1, 2)]
        assert [len(page) for page in pages] == [10, 2]
        assert sorted(pages[0] + pages[1]) == sorted(f"Report {n}" for n in range(12))
    newest = titles(client.get("/search/", {"q": "grain", "sort": "newest"}))
    assert newest == [f"Report {n}" for n in range(11, 1, -1)]
    # Two mentions rank above one; among equals the newer first.
    assert titles(client.get("/search/", {"q": "grain"}))[:6] == [f"Report {n}" for n in (10, 8, 6, 4, 2, 0)]


def test_articles_the_index_holds_but_visible_refuses_are_skipped_and_the_page_filled(client, grain_reports):
    now = timezone.now()
    # Past their expiry before the scheduler has run, and one dated in the future by an import:
    # still in the index, never shown.
    ArticlePage.objects.filter(pk__in=[a.pk for a in grain_reports[-4:]]).update(expire_at=now - timedelta(minutes=1))
    ArticlePage.objects.filter(pk=grain_reports[0].pk).update(first_published_at=now + timedelta(days=1))
    shown = titles(client.get("/search/", {"q": "grain", "sort": "newest"}))
    assert shown == [f"Report {n}" for n in range(7, 0, -1)]
    assert len(titles(client.get("/search/", {"q": "grain"}))) == 7


def test_results_stop_at_the_cap_and_say_there_are_more(client, grain_reports, monkeypatch):
    monkeypatch.setattr(queries, "MAX_RESULTS", 5)
    response = client.get("/search/", {"q": "grain"})
    html = response.content.decode()
    assert "More than 5 articles found" in html and "Page 1 of 1" not in html
    assert len(titles(response)) == 5
    assert client.get("/search/", {"q": "grain", "page": 2}).status_code == 404


@pytest.mark.parametrize("sort", ["relevance", "newest"])
def test_only_the_candidates_of_the_page_are_checked_for_visibility(client, world, sort):
    build_synthetic_articles(60, batch=60)  # every one a "briefing"
    with CaptureQueriesContext(connection) as queries_run:
        response = client.get("/search/", {"q": "briefing", "sort": sort})
    assert len(titles(response)) == 10 and "60 articles found" in response.content.decode()
    id_lists = [re.findall(r"\d+", ids) for q in queries_run.captured_queries for ids in IN_LIST.findall(q["sql"])]
    # Ten to show, a fifth more and ten spare: never the sixty matches, never every visible article.
    assert id_lists and max(len(ids) for ids in id_lists) <= 22
    engine = [q["sql"] for q in queries_run.captured_queries if "search_fts" in q["sql"] or "search_index" in q["sql"]]
    assert engine and not [q for q in engine if "wagtailcore_page" in q], "the engine's query never joins the pages"


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query planner")
@pytest.mark.parametrize("sort", ["relevance", "newest"])
def test_sqlite_ranks_and_orders_inside_the_fts_index(grain_reports, world, sort):
    found = find_articles(q="grain report", section=world, published_from=timezone.localdate(), sort=sort)
    sql = found.query.sql("rowid") + " LIMIT 10"
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql.replace("%s", "?"), [*found.query.params])
        plan = " | ".join(row[-1] for row in cursor.fetchall())
    assert "VIRTUAL TABLE INDEX" in plan, plan
    assert "wagtailcore_page" not in plan and "newsroom_articlepage" not in plan, plan
    if sort == "newest":
        # FTS5 hands rows over in rowid (date) order: no sort step at all.
        assert "TEMP B-TREE" not in plan, plan
