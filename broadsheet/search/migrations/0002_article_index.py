"""The article search index: a row per published article, with its words in the database's own engine.

SQLite: an FTS5 table with the porter tokenizer over the rows (external content, kept in step by
triggers) whose rowid is the entry's sort key, so ranking (bm25), newest-first order and date
ranges all run inside FTS5 with an early LIMIT. PostgreSQL: the `document` tsvector with a GIN
index. `manage.py index_articles` fills the index from the articles.
"""

import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

FTS = "search_fts"
TABLE = "search_indexedarticle"
FORGET = (
    f"INSERT INTO {FTS} ({FTS}, rowid, title, body, facets)"  # nosec B608: fixed names
    " VALUES ('delete', old.sort_key, old.title, old.body, old.facets);"
)


def create_engine_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        # Fixed names and options: nothing here comes from input. External content: the words are
        # stored once, in search_indexedarticle, and the triggers mirror every change (a flush too).
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE {FTS} USING fts5(title, body, facets, tokenize='porter unicode61',"
            f" content='{TABLE}', content_rowid='sort_key')"
        )
        schema_editor.execute(
            f"CREATE TRIGGER {FTS}_insert AFTER INSERT ON {TABLE} BEGIN"  # nosec B608: fixed names
            f" INSERT INTO {FTS} (rowid, title, body, facets) VALUES (new.sort_key, new.title, new.body, new.facets);"
            " END"
        )
        schema_editor.execute(f"CREATE TRIGGER {FTS}_delete AFTER DELETE ON {TABLE} BEGIN {FORGET} END")
        schema_editor.execute(
            f"CREATE TRIGGER {FTS}_update AFTER UPDATE ON {TABLE} BEGIN {FORGET}"  # nosec B608: fixed names
            f" INSERT INTO {FTS} (rowid, title, body, facets) VALUES (new.sort_key, new.title, new.body, new.facets);"
            " END"
        )
    elif vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX {TABLE}_document ON {TABLE} USING gin (document)")


def drop_engine_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for trigger in ("insert", "update", "delete"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {FTS}_{trigger}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS}")
    elif vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {TABLE}_document")


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
                ("sort_key", models.BigIntegerField(unique=True)),
                ("title", models.TextField()),
                ("body", models.TextField(help_text="The standfirst and the words of the body, without markup.")),
                ("facets", models.TextField(help_text="Section, tags and authors as words: s12 t4 a7.")),
                ("document", django.contrib.postgres.search.SearchVectorField(null=True)),
            ],
        ),
        migrations.RunPython(create_engine_index, drop_engine_index),
    ]
