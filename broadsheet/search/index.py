"""The article search index, kept in step with publishing: which articles it holds and what they say.

It holds the articles that are live and public when they are indexed, one row each, keyed by a
sort key that puts them in date order (see `IndexedArticle`). Whether an article may be shown is
still decided when results are shown, by `ArticlePage.objects.visible()`: the index only has to
be close (an article past its expiry stays in it until the scheduler unpublishes it).
"""

import html
import re
from collections import Counter
from datetime import UTC, datetime, timedelta

from django.db import connection, transaction

from broadsheet.newsroom.models import ArticleByline, ArticlePage, ArticleTag, SectionPage

from .models import IndexedArticle
from .vocabulary import count_words, rebuild_vocabulary, words_in

FTS = "search_fts"  # SQLite's FTS5 table, created by migration 0002
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
PAGE_ID_SPACE = 2**32
CHUNK = 2000
# Block elements end a word; inline ones (<b>, <a>) may sit inside one.
BLOCK_TAG = re.compile(r"</?(?:p|li|ol|ul|h[1-6]|br|div|blockquote|hr)\b[^>]*>", re.I)
TAG = re.compile(r"<[^>]+>")
SPACES = re.compile(r"\s+")


def key_at(moment):
    """Return the smallest sort key of an article first published at `moment` (whole seconds)."""
    return (moment - EPOCH) // timedelta(seconds=1) * PAGE_ID_SPACE


def sort_key(published_at, page_id):
    # Newest first is then plain descending key order, ties broken by page id as listings do.
    return key_at(published_at) + page_id


def page_id_of(key):
    return key % PAGE_ID_SPACE


def facets_of(section_id, tag_ids, author_ids):
    """Return the filter words of an article: its section, tags and authors as `s12 t4 a7`."""
    words = [f"s{section_id}"] if section_id else []
    return " ".join(words + [f"t{t}" for t in sorted(tag_ids)] + [f"a{a}" for a in sorted(author_ids)])


def strings_in(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)


def body_text(raw_blocks):
    """Return the words of a body's stored blocks (paragraphs, quotes, captions) without markup."""
    texts = (text for block in raw_blocks for text in strings_in(block.get("value")))
    text = TAG.sub("", BLOCK_TAG.sub(" ", " ".join(texts)))
    return SPACES.sub(" ", html.unescape(text)).strip()


def shown_text(pks):
    """Return {page id: words} of the articles among `pks` that show more than their body (a live
    blog's entries), read from what each shows readers (`shown_blocks()`); plain articles are not read.
    """
    kinds = ArticlePage.objects.filter(pk__in=pks).not_exact_type(ArticlePage).specific()
    return {
        page.pk: body_text({"value": child.block.get_prep_value(child.value)} for child in page.shown_blocks())
        for page in kinds
    }


def documents(articles):
    """Yield (page id, sort key, headline, standfirst and body, names, facets) for each of `articles`.

    The names are the article's tags' and authors' (in their order), so a byline or a tag is found
    by the words of its name as well as picked by the filters.
    """
    rows = list(articles.values_list("pk", "title", "standfirst", "body", "first_published_at", "path"))
    pks = [row[0] for row in rows]
    shown = shown_text(pks)
    tags, authors, names = {}, {}, {}
    for article_id, tag_id, name in (
        ArticleTag.objects.filter(article_id__in=pks)
        .order_by("sort_order")
        .values_list("article_id", "tag_id", "tag__name")
    ):
        tags.setdefault(article_id, []).append(tag_id)
        names.setdefault(article_id, []).append(name)
    for article_id, author_id, name in (
        ArticleByline.objects.filter(article_id__in=pks)
        .order_by("sort_order")
        .values_list("article_id", "author_id", "author__name")
    ):
        authors.setdefault(article_id, []).append(author_id)
        names.setdefault(article_id, []).append(name)
    sections = dict(SectionPage.objects.values_list("path", "pk"))
    for pk, title, standfirst, body, published_at, path in rows:
        if published_at is None:
            continue  # never visible, so never searchable
        text = f"{standfirst} {shown[pk] if pk in shown else body_text(body.raw_data)}".strip()
        facets = facets_of(sections.get(path[: -ArticlePage.steplen]), tags.get(pk, []), authors.get(pk, []))
        yield pk, sort_key(published_at, pk), title, text, " · ".join(names.get(pk, [])), facets


def write(rows):
    rows = list(rows)
    if connection.vendor != "postgresql":
        # SQLite's triggers copy each row into the FTS5 index.
        IndexedArticle.objects.bulk_create(
            IndexedArticle(page_id=pk, sort_key=key, title=title, body=body, names=names, facets=facets)
            for pk, key, title, body, names, facets in rows
        )
        return
    # Headline above names above standfirst and body, as bm25's column weights rank them on SQLite.
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO search_indexedarticle (page_id, sort_key, title, body, names, facets, document)"
            " VALUES (%s, %s, %s, %s, %s, %s, setweight(to_tsvector('english', %s), 'A')"
            " || setweight(to_tsvector('english', %s), 'C') || setweight(to_tsvector('english', %s), 'B')"
            " || setweight(to_tsvector('english', %s), 'D'))",
            [(*row, *row[2:]) for row in rows],
        )


def remove_entries(pks):
    """Take these articles out of the index; return their words (a Counter), for the vocabulary."""
    entries = IndexedArticle.objects.filter(page_id__in=pks)
    words = words_in(entries.values_list("title", "body", "names"))
    entries.delete()
    return words


@transaction.atomic
def index_articles(pks):
    """Bring these articles' entries up to date: in the index if live and public now, out of it if not.

    The vocabulary follows by difference (the words the entries lose and gain), so editing a
    paragraph touches a handful of its rows, not every word of the article.
    """
    pks = list(pks)
    for start in range(0, len(pks), CHUNK):
        chunk = pks[start : start + CHUNK]
        removed = remove_entries(chunk)
        rows = list(documents(ArticlePage.objects.live().public().filter(pk__in=chunk)))
        write(rows)
        count_words(added=words_in(row[2:5] for row in rows), removed=removed)


@transaction.atomic
def unindex_articles(pks):
    """Take these articles out of the index and their words out of the vocabulary (before a deletion)."""
    pks = list(pks)
    for start in range(0, len(pks), CHUNK):
        count_words(added={}, removed=remove_entries(pks[start : start + CHUNK]))


def articles_filed_under(facet):
    """Return the ids of the indexed articles that carry this filter word (a tag's or an author's)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT page_id FROM search_indexedarticle WHERE document @@ to_tsquery('english', %s)",
                [f"'{facet}':D"],
            )
            return [pk for (pk,) in cursor.fetchall()]
        # A fixed name; the facet is our own letter and number, and travels as a parameter.
        cursor.execute(f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s", [f'facets : "{facet}"'])  # nosec B608
        return [page_id_of(key) for (key,) in cursor.fetchall()]


@transaction.atomic
def rebuild_index(stdout=None):
    """Index every live and public article afresh; return how many are in the index."""
    IndexedArticle.objects.all().delete()
    pks = list(ArticlePage.objects.live().public().order_by("pk").values_list("pk", flat=True))
    vocabulary = Counter()
    for start in range(0, len(pks), CHUNK):
        rows = list(documents(ArticlePage.objects.filter(pk__in=pks[start : start + CHUNK])))
        write(rows)
        vocabulary.update(words_in(row[2:5] for row in rows))
        if stdout:
            stdout.write(f"  {min(start + CHUNK, len(pks))}/{len(pks)} articles indexed")
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            # One b-tree instead of one per batch: fewer segments for every later query to merge.
            cursor.execute(f"INSERT INTO {FTS} ({FTS}) VALUES ('optimize')")  # nosec B608
    rebuild_vocabulary(vocabulary)
    return IndexedArticle.objects.count()
