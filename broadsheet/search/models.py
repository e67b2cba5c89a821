from django.contrib.postgres.search import SearchVectorField
from django.db import models


class IndexedArticle(models.Model):
    """One published article in the search index: its place in date order and, on PostgreSQL, its words.

    On SQLite the words live in the FTS5 table `search_fts` (created by our migration), whose rowid
    is `sort_key`; this row remembers that key so the entry can be found again when the article's
    date changes. Visibility is not stored here: results are confirmed with
    `ArticlePage.objects.visible()` when they are shown.
    """

    page = models.OneToOneField("newsroom.ArticlePage", primary_key=True, on_delete=models.CASCADE, related_name="+")
    # First publication time (seconds since 2000) × 2³² + page id: one integer that orders entries
    # newest first exactly as listings do and turns a date range into a key range.
    sort_key = models.BigIntegerField(db_index=True)
    # PostgreSQL only: headline (A), standfirst and body (B) and filter facets (D), "english".
    document = SearchVectorField(null=True)

    def __str__(self):
        return f"search entry of page {self.page_id}"
