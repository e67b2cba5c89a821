"""Automatic related articles: shared tags, text similarity and recency, scored on publication.

Scoring reads the candidates' text, so it runs in a task after an article is published or edited
(`refresh_related`), never during a page view. Candidates are the recent articles sharing a tag
and the newest of the same section, so the cost is bounded in a newsroom of any size; text
similarity is TF-IDF cosine over headline (counted twice), standfirst and body, with document
frequencies taken from the candidates themselves (no corpus-wide index to keep up to date).
"""

import math
import re
from collections import Counter

from django.db import transaction
from django.utils.html import strip_tags

from .models import ArticlePage, ArticleTag, AutomaticRelated

# More than a page shows, so an article unpublished later still leaves five to show.
STORED = 10
TAG_CANDIDATES = 200
SECTION_CANDIDATES = 50
# Chosen on the labelled demo stories (see STORY_CLUSTERS): text and tags about equal; recency
# only parts near-equals and keeps years-old stories from crowding out this month's.
WEIGHTS = {"text": 0.45, "tags": 0.5, "recency": 0.05}
RECENCY_DAYS = 60
# Neighbours whose lists a new article may enter; they are re-scored after it.
NEIGHBOURS_RESCORED = 10
WORD = re.compile(r"[^\W\d_]{3,}")
STOPWORDS = frozenset(
    [
        "the",
        "and",
        "for",
        "that",
        "with",
        "from",
        "this",
        "have",
        "has",
        "had",
        "was",
        "were",
        "are",
        "its",
        "their",
        "they",
        "them",
        "will",
        "would",
        "said",
        "says",
        "not",
        "but",
        "his",
        "her",
        "she",
        "him",
        "who",
        "whom",
        "which",
        "what",
        "when",
        "where",
        "while",
        "than",
        "then",
        "there",
        "these",
        "those",
        "been",
        "being",
        "into",
        "over",
        "after",
        "before",
        "about",
        "also",
        "more",
        "most",
        "some",
        "such",
        "other",
        "only",
        "very",
        "can",
        "could",
        "should",
        "may",
        "might",
        "our",
        "out",
        "all",
        "any",
        "one",
        "two",
        "new",
        "year",
        "years",
        "last",
        "first",
        "week",
        "month",
    ]
)


def words(text):
    """Return the content words of a text, lower-cased and roughly stemmed (plural and -ing forms)."""
    found = []
    for word in WORD.findall(text.lower()):
        if word in STOPWORDS:
            continue
        for suffix in ("ies", "es", "s", "ing", "ed"):
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                word = word[: -len(suffix)]
                break
        found.append(word)
    return found


def text_of(article):
    paragraphs = [strip_tags(b.value.source) for b in article.body if b.block_type == "paragraph"]
    return " ".join([article.title, article.title, article.standfirst, *paragraphs])


def tfidf(documents):
    """Return a unit-length TF-IDF vector per document (a dict of word → weight)."""
    counts = [Counter(words(d)) for d in documents]
    frequency = Counter(word for c in counts for word in c)
    total = len(documents)
    vectors = []
    for c in counts:
        vector = {w: (1 + math.log(n)) * math.log(1 + total / frequency[w]) for w, n in c.items()}
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        vectors.append({w: v / norm for w, v in vector.items()})
    return vectors


def cosine(a, b):
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(w, 0.0) for w, v in a.items())


def candidates_for(article):
    visible = ArticlePage.objects.visible().exclude(pk=article.pk)
    tag_ids = list(article.tags.values_list("tag_id", flat=True))
    sharing = visible.filter(pk__in=ArticleTag.objects.filter(tag__in=tag_ids).values("article_id"))
    ids = set(sharing.newest_first().values_list("pk", flat=True)[:TAG_CANDIDATES])
    section = article.get_parent()
    ids |= set(visible.children_of(section).newest_first().values_list("pk", flat=True)[:SECTION_CANDIDATES])
    return list(ArticlePage.objects.filter(pk__in=ids).prefetch_related("tags"))


def score(article, candidates):
    """Return [(score, candidate)] for each candidate, best first."""
    vectors = tfidf([text_of(article), *(text_of(c) for c in candidates)])
    own_tags = {t.tag_id for t in article.tags.all()}
    published = article.first_published_at
    scored = []
    for candidate, vector in zip(candidates, vectors[1:], strict=True):
        their_tags = {t.tag_id for t in candidate.tags.all()}
        # The share of this article's tags the candidate carries: editors tag a story with what it
        # is about, so a candidate with many other tags is not penalised for them.
        shared = len(own_tags & their_tags) / len(own_tags) if own_tags else 0.0
        days = abs((candidate.first_published_at - published).total_seconds()) / 86400 if published else 0
        value = (
            WEIGHTS["text"] * cosine(vectors[0], vector)
            + WEIGHTS["tags"] * shared
            + WEIGHTS["recency"] * math.exp(-days / RECENCY_DAYS)
        )
        scored.append((round(value, 6), candidate))
    scored.sort(key=lambda pair: (-pair[0], -pair[1].first_published_at.timestamp(), -pair[1].pk))
    return scored


def store_related(article):
    """Score an article's candidates and store its best STORED; return the scored list.

    Rows are written one by one so their post_save and post_delete signals reach the receiver that
    refreshes the article's cached page (`receivers.automatic_related_changed`).
    """
    scored = score(article, candidates_for(article))
    with transaction.atomic():
        AutomaticRelated.objects.filter(source=article).delete()
        for value, candidate in scored[:STORED]:
            AutomaticRelated.objects.create(source=article, article=candidate, score=value)
    return scored


def refresh_related(article_id):
    """Re-score an article and its closest neighbours (a new article may belong in their lists)."""
    article = ArticlePage.objects.visible().filter(pk=article_id).first()
    if article is None:
        return 0
    scored = store_related(article)
    for _, neighbour in scored[:NEIGHBOURS_RESCORED]:
        store_related(neighbour)
    return 1 + min(len(scored), NEIGHBOURS_RESCORED)
