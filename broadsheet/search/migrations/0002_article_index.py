"""The article search index: a row per published article, with its words in the database's own engine.

SQLite: an FTS5 table with the porter tokenizer whose rowid is the entry's sort key, so ranking
(bm25), newest-first order and date ranges all run inside FTS5 with an early LIMIT. PostgreSQL:
the `document` tsvector with a GIN index. `manage.py index_articles` fills it from the articles.
"""

import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

FTS = "search_fts"


def create_engine_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        # Fixed names and options: nothing here comes from input.
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE {FTS} USING fts5(title, body, facets, tokenize='porter unicode61')"
        )
    elif vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX search_indexedarticle_document ON search_indexedarticle USING gin (document)"
        )


def drop_engine_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS}")
    elif vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_indexedarticle_document")


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0004_automatic_related"),
        ("search", "0001_english_stemming_on_sqlite"),
    ]

    operations = [
        migrations.CreateModel(
            name="IndexedArticle",
            fields=[
                (
                    "page",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="newsroom.articlepage",
                    ),
                ),
                ("sort_key", models.BigIntegerField(db_index=True)),
                ("document", django.contrib.postgres.search.SearchVectorField(null=True)),
            ],
        ),
        migrations.RunPython(create_engine_index, drop_engine_index),
    ]
