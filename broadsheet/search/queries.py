"""Finding articles: the words a reader typed, turned into a safe full-text query over visible articles."""

import re
from datetime import datetime, time, timedelta

from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

from broadsheet.newsroom.datelines import newsroom_zone
from broadsheet.newsroom.models import ArticlePage

# Only letters and digits reach the full-text engine: quotes, *, ^, parentheses, NEAR/AND/OR (as
# operators) and backslashes are syntax to SQLite's FTS5 and PostgreSQL's tsquery, and a reader
# searching for them means the words around them.
WORD = re.compile(r"[^\W_]+")
MAX_TERMS = 12
SNIPPET_WORDS = 36
SUFFIXES = ("ies", "es", "s", "ing", "ed", "ly")


def terms_of(text):
    """Return the searchable words of what a reader typed, lower-cased, at most MAX_TERMS."""
    return WORD.findall(text.lower())[:MAX_TERMS]


def find_articles(*, q, section=None, tag=None, author=None, published_from=None, published_to=None, sort=""):
    """Return the visible articles matching every word of `q` and the filters, in the order asked for.

    With no words but a filter, the filtered articles newest first; with neither, nothing.
    """
    articles = ArticlePage.objects.visible()
    if section:
        articles = articles.children_of(section)
    if tag:
        articles = articles.filter(tags__tag=tag)
    if author:
        articles = articles.filter(bylines__author=author)
    # Dates are the newsroom's days, as datelines print them.
    if published_from:
        articles = articles.filter(first_published_at__gte=start_of(published_from))
    if published_to:
        articles = articles.filter(first_published_at__lt=start_of(published_to + timedelta(days=1)))
    terms = terms_of(q)
    if not terms:
        filtered = any([section, tag, author, published_from, published_to])
        return articles.newest_first() if filtered else articles.none()
    # Wagtail's search takes only filters on fields it indexes; "visible now" and the filters above
    # reach it as one set of ids, so the definition stays the queryset's and is not restated.
    matching = ArticlePage.objects.filter(pk__in=articles.values("pk"))
    if sort == "newest":
        # Wagtail sorts search results only by indexed fields: Page indexes "id", not "pk".
        return matching.order_by("-first_published_at", "-id").search(
            " ".join(terms), operator="and", order_by_relevance=False
        )
    return matching.search(" ".join(terms), operator="and")


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
