"""Finding articles: the words a reader typed, turned into a safe full-text query over visible articles.

The engine ranks inside its own index and stops at a limit: SQLite's FTS5 with bm25() or by its
rowid (the sort key, so newest first and date ranges need no table of articles), PostgreSQL's
tsvector with ts_rank or the sort key's index. Only the candidates of the requested page are then
checked against `ArticlePage.objects.visible()`, never every visible article.
"""

import re
from datetime import datetime, time, timedelta

from django.db import connection
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

from broadsheet.newsroom.datelines import newsroom_zone
from broadsheet.newsroom.models import ArticlePage

from .index import FTS, facets_of, key_at, page_id_of

# Only letters and digits reach the full-text engine: quotes, *, ^, parentheses, NEAR/AND/OR (as
# operators) and backslashes are syntax to SQLite's FTS5 and PostgreSQL's tsquery, and a reader
# searching for them means the words around them. Words in balanced double quotes are a phrase.
WORD = re.compile(r"[^\W_]+")
MAX_TERMS = 12
# Pages of results stop here: nobody reads result 1,001, and counting further costs every search.
MAX_RESULTS = 1000
SNIPPET_WORDS = 36
SUFFIXES = ("ies", "es", "s", "ing", "ed", "ly")
# bm25 weights of the FTS5 columns (headline, standfirst and body, tag and author names, facets):
# a word in the headline counts most, then a name the article is filed or signed under, then the
# text. Measured with tests/search/test_relevance.py; PostgreSQL ranks its A, B and C the same way.
WEIGHTS = "10.0, 1.0, 4.0, 0.0"
# "Most relevant" ranks the newest RANK_WINDOW matches, not all of them: scoring is per matching
# row, and a common word matches most of a newsroom (100,000 scores take 200 ms; 2,000 take 4).
# A news reader wants the most relevant of the recent stories; a date range reaches older ones.
RANK_WINDOW = 2000


def terms_of(text):
    """Return the searchable words of what a reader typed, lower-cased, at most MAX_TERMS."""
    return WORD.findall(text.lower())[:MAX_TERMS]


def clauses_of(text):
    """Return what every result must contain: single words and, from balanced quotes, phrases (lists of words)."""
    parts = text.split('"')
    if len(parts) % 2 == 0:  # an unbalanced quote is just a character
        parts = [text.replace('"', " ")]
    clauses, used = [], 0
    for inside, part in enumerate(parts):
        words = terms_of(part)[: MAX_TERMS - used]
        used += len(words)
        if inside % 2 and len(words) > 1:
            clauses.append(words)
        else:
            clauses += [[word] for word in words]
    return clauses


def find_articles(*, q, section=None, tag=None, author=None, published_from=None, published_to=None, sort=""):
    """Return the visible articles matching every word of `q` and the filters, in the order asked for.

    With no words but a filter, the filtered articles newest first; with neither, nothing.
    The result is a lazy sequence for Django's Paginator (`count()` and slices).
    """
    facets = facets_of(section and section.pk, [tag.pk] if tag else [], [author.pk] if author else []).split()
    # Dates are the newsroom's days, as datelines print them.
    low = key_at(start_of(published_from)) if published_from else None
    high = key_at(start_of(published_to + timedelta(days=1))) - 1 if published_to else None
    clauses = clauses_of(q)
    if not clauses and not facets and low is None and high is None:
        return FoundArticles(None)
    engine = PostgresQuery if connection.vendor == "postgresql" else FtsQuery
    return FoundArticles(engine(clauses, facets, low, high, newest=sort == "newest" or not clauses))


class FtsQuery:
    """One search as SQL over SQLite's FTS5 table: ranked inside FTS5, cut at a limit, ids out."""

    def __init__(self, clauses, facets, low, high, *, newest):
        # Every word is quoted, so FTS5 reads it as a string and never as an operator or column.
        words = [f'"{" ".join(clause)}"' for clause in clauses]
        parts = [f"{{title body names}} : ({' AND '.join(words)})"] if words else []
        parts += [f'facets : "{facet}"' for facet in facets]
        self.where, self.params = [], []
        if parts:
            self.where.append(f"{FTS} MATCH %s")
            self.params.append(" AND ".join(parts))
        for condition, value in (("rowid >= %s", low), ("rowid <= %s", high)):
            if value is not None:
                self.where.append(condition)
                self.params.append(value)
        self.ranked = bool(words) and not newest

    def sql(self, select, *, order=True):
        where = " AND ".join(self.where) or "1"
        # Fixed names, our own conditions and weights; the reader's words travel as a parameter.
        sql = f"SELECT {select} FROM {FTS} WHERE {where}"  # nosec B608
        if not order:
            return sql
        if not self.ranked:
            return f"{sql} ORDER BY rowid DESC"
        # FTS5 hands rows over in rowid (date) order and stops at the window, so bm25() is
        # computed for at most RANK_WINDOW rows before the ranking sort.
        recent = f"SELECT rowid, bm25({FTS}, {WEIGHTS}) AS score FROM {FTS} WHERE {where} ORDER BY rowid DESC"  # nosec B608
        return f"SELECT {select} FROM ({recent} LIMIT {RANK_WINDOW}) ORDER BY score, rowid DESC"  # nosec B608

    def count(self, at_most):
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT count(*) FROM ({self.sql('1', order=False)} LIMIT %s) AS found",  # nosec B608
                [*self.params, at_most],
            )
            return cursor.fetchone()[0]

    def page_ids(self, limit):
        with connection.cursor() as cursor:
            cursor.execute(f"{self.sql('rowid')} LIMIT %s", [*self.params, limit])
            return [page_id_of(key) for (key,) in cursor.fetchall()]


class PostgresQuery(FtsQuery):
    """One search as SQL over the tsvector column: GIN for the match, the sort key's index for order."""

    def __init__(self, clauses, facets, low, high, *, newest):
        # Words are letters and digits only and quoted as lexemes; phrases follow each other (<->).
        words = ["(" + " <-> ".join(f"'{word}':ABC" for word in clause) + ")" for clause in clauses]
        query = " & ".join(words + [f"'{facet}':D" for facet in facets])
        self.where, self.params = [], []
        if query:
            self.where.append("document @@ to_tsquery('english', %s)")
            self.params.append(query)
        for condition, value in (("sort_key >= %s", low), ("sort_key <= %s", high)):
            if value is not None:
                self.where.append(condition)
                self.params.append(value)
        self.ranked = bool(words) and not newest
        self.rank_params = [query] if self.ranked else []

    def sql(self, select, *, order=True):
        where = " AND ".join(self.where) or "TRUE"
        sql = f"SELECT {select} FROM search_indexedarticle WHERE {where}"  # nosec B608: our own SQL
        if not order:
            return sql
        if not self.ranked:
            return f"{sql} ORDER BY sort_key DESC"
        # As on SQLite: ts_rank reads each row's tsvector, so only the newest matches are ranked.
        recent = f"SELECT page_id, sort_key, document FROM search_indexedarticle WHERE {where}"  # nosec B608
        return (
            f"SELECT {select} FROM ({recent} ORDER BY sort_key DESC LIMIT {RANK_WINDOW}) AS recent"  # nosec B608
            " ORDER BY ts_rank(document, to_tsquery('english', %s)) DESC, sort_key DESC"
        )

    def page_ids(self, limit):
        with connection.cursor() as cursor:
            cursor.execute(f"{self.sql('page_id')} LIMIT %s", [*self.params, *self.rank_params, limit])
            return [pk for (pk,) in cursor.fetchall()]


class FoundArticles:
    """The visible articles of one search, in order, as Django's Paginator wants them (count and slices).

    The index may hold an article that is not visible now (past its expiry, before the scheduler
    unpublishes it; dated in the future by an import), so each slice takes the engine's top
    candidates and keeps those `ArticlePage.objects.visible()` confirms, asking for more if some
    were dropped. The count is the index's, capped at MAX_RESULTS + 1 so it stays bounded.
    """

    def __init__(self, query):
        self.query = query
        self._count = None

    def count(self):
        if self._count is None:
            self._count = self.query.count(MAX_RESULTS + 1) if self.query else 0
        return min(self._count, MAX_RESULTS)

    def __len__(self):
        return self.count()

    @property
    def more_than_shown(self):
        return self.count() and self._count > MAX_RESULTS

    def __getitem__(self, window):
        if not isinstance(window, slice):
            raise TypeError("Search results are read a page (a slice) at a time.")
        start, stop = window.start or 0, min(window.stop or MAX_RESULTS, MAX_RESULTS)
        if not self.query or stop <= start:
            return []
        shown = self.visible_ids(stop)[start:stop]
        articles = ArticlePage.objects.filter(pk__in=shown).for_listing().in_bulk()
        return [articles[pk] for pk in shown if pk in articles]

    def visible_ids(self, wanted):
        """Return the first `wanted` visible ids in the engine's order."""
        limit = wanted + wanted // 5 + 10
        while True:
            candidates = self.query.page_ids(limit)
            visible = set()
            for start in range(0, len(candidates), 500):
                chunk = candidates[start : start + 500]
                visible.update(ArticlePage.objects.visible().filter(pk__in=chunk).values_list("pk", flat=True))
            kept = [pk for pk in candidates if pk in visible]
            # Enough, or the engine has no more: a few dropped candidates cost one more round.
            if len(kept) >= wanted or len(candidates) < limit or limit >= 16 * MAX_RESULTS:
                return kept
            limit *= 2


def start_of(day):
    return datetime.combine(day, time.min, tzinfo=newsroom_zone())


def stem(word):
    """Return a rough English stem, for highlighting only (the search engine stems properly)."""
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    # "alliance" and "alliances" meet at "allianc".
    return word[:-1] if word.endswith("e") and len(word) > 3 else word


def plain_text(article):
    """Return the article's standfirst and paragraphs as plain text."""
    parts = [article.standfirst]
    parts += [strip_tags(block.value.source) for block in article.body if block.block_type == "paragraph"]
    return " ".join(parts)


def snippet(article, terms):
    """Return a few dozen words of the article around the first matched word, matches in <mark>."""
    stems = {stem(t) for t in terms}
    words = plain_text(article).split()
    hits = {i for i, w in enumerate(words) if any(stem(part) in stems for part in terms_of(w))}
    start = max(0, (min(hits) if hits else 0) - SNIPPET_WORDS // 3)
    shown = words[start : start + SNIPPET_WORDS]
    marked = []
    for offset, word in enumerate(shown):
        marked.append(f"<mark>{escape(word)}</mark>" if start + offset in hits else escape(word))
    text = " ".join(marked)
    prefix = "… " if start else ""
    suffix = " …" if start + SNIPPET_WORDS < len(words) else ""
    # Safe: every word was escaped above; only our own <mark> tags are markup.
    return mark_safe(prefix + text + suffix)  # nosec B308 B703
