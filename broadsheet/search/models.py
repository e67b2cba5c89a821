from django.contrib.postgres.search import SearchVectorField
from django.db import models


class IndexedArticle(models.Model):
    """One published article in the search index: its words, its filters and its place in date order.

    On SQLite the FTS5 table `search_fts` (migration 0002) indexes these rows as its external
    content, with `sort_key` as its rowid, and triggers keep it in step with every insert, update
    and delete here. On PostgreSQL `document` holds the same words as a tsvector. Visibility is
    not stored: results are confirmed with `ArticlePage.objects.visible()` when shown.
    """

    page = models.OneToOneField("newsroom.ArticlePage", primary_key=True, on_delete=models.CASCADE, related_name="+")
    # First publication time (seconds since 2000) × 2³² + page id: one integer that orders entries
    # newest first exactly as listings do and turns a date range into a key range.
    sort_key = models.BigIntegerField(unique=True)
    title = models.TextField()
    body = models.TextField(help_text="The standfirst and the words of the body, without markup.")
    facets = models.TextField(help_text="Section, tags and authors as words: s12 t4 a7.")
    # PostgreSQL only: headline (A), standfirst and body (B) and facets (D), "english".
    document = SearchVectorField(null=True)

    def __str__(self):
        return f"search entry of page {self.page_id}"
