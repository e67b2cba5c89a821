from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q


class IndexedArticle(models.Model):
    """One published article in the search index: its words, its filters and its place in date order.

    On SQLite the FTS5 table `search_fts` (migrations 0002 and 0003) indexes these rows as its
    external content, with `sort_key` as its rowid, and triggers keep it in step with every insert,
    update and delete here. On PostgreSQL `document` holds the same words as a tsvector.
    Visibility is not stored: results are confirmed with `ArticlePage.objects.visible()` when shown.
    """

    page = models.OneToOneField("newsroom.ArticlePage", primary_key=True, on_delete=models.CASCADE, related_name="+")
    # First publication time (seconds since 2000) × 2³² + page id: one integer that orders entries
    # newest first exactly as listings do and turns a date range into a key range.
    sort_key = models.BigIntegerField(unique=True)
    title = models.TextField()
    body = models.TextField(help_text="The standfirst and the words of the body, without markup.")
    names = models.TextField(default="", help_text="The names of the article's tags and authors.")
    facets = models.TextField(help_text="Section, tags and authors as words: s12 t4 a7.")
    # PostgreSQL only: headline (A), names (B), standfirst and body (C), facets (D), "english".
    document = SearchVectorField(null=True)

    def __str__(self):
        return f"search entry of page {self.page_id}"


class Word(models.Model):
    """A word of the index's vocabulary: found in at least one live, public article (or its names).

    Spelling suggestions come from here and nowhere else, so a word that only a draft or a private
    page contains is never offered. The indexer keeps `articles` exact and removes a word at zero.
    """

    word = models.CharField(max_length=40, unique=True)
    articles = models.PositiveIntegerField(help_text="How many indexed articles contain the word.")

    def __str__(self):
        return self.word


class WordKey(models.Model):
    """The word itself and the word with one letter left out, each pointing at the word.

    A misspelling and the word meant share a key when they are within about two edits ("pootin"
    and "putin" both give "ptin"), so finding close words is a few index look-ups of the typed
    word's own keys, never a scan of the vocabulary (SymSpell's "symmetric delete").
    """

    key = models.CharField(max_length=40)
    word = models.ForeignKey(Word, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "word"], name="search_wordkey_unique")]

    def __str__(self):
        return self.key


class NameWord(models.Model):
    """One word of an author's or a tag's name, so a search can offer them by name with an index look-up."""

    stem = models.CharField(max_length=40, db_index=True, help_text="The word's rough stem, as queries match it.")
    word = models.CharField(max_length=40)
    author = models.ForeignKey("newsroom.Author", null=True, on_delete=models.CASCADE, related_name="+")
    tag = models.ForeignKey("newsroom.Tag", null=True, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(author__isnull=False, tag__isnull=True) | Q(author__isnull=True, tag__isnull=False),
                name="search_nameword_author_or_tag",
            )
        ]

    def __str__(self):
        return self.word
