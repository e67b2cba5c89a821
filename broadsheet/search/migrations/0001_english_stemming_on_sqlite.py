"""Give SQLite's full-text index English stemming, as PostgreSQL gets from its "english" configuration.

Wagtail creates its FTS5 table with the default tokenizer, which matches words exactly, so
"alliances" would not find "alliance". FTS5's porter tokenizer stems both the index and the query.
The table is rebuilt from Wagtail's own index rows (which Wagtail's triggers keep it in step with),
so nothing needs re-indexing. PostgreSQL and SQLite without FTS5 are left alone.
"""

from django.db import migrations

# Wagtail's index table and its FTS5 shadow, named as in wagtailsearch's migration 0006.
INDEX = "wagtailsearch_indexentry"
FTS = f"{INDEX}_fts"


def fts_table_exists(schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=%s", [FTS])
        return cursor.fetchone() is not None


def rebuild(tokenizer):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "sqlite" or not fts_table_exists(schema_editor):
            return
        # Fixed table names and a fixed tokenizer: nothing here comes from input.
        schema_editor.execute(f"DROP TABLE {FTS}")
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE {FTS} USING fts5(autocomplete, body, title, tokenize={tokenizer!r})"
        )
        schema_editor.execute(
            f"INSERT INTO {FTS}(rowid, title, body, autocomplete) SELECT id, title, body, autocomplete FROM {INDEX}"  # nosec B608
        )

    return run


class Migration(migrations.Migration):
    dependencies = [("wagtailsearch", "0010_add_text_fields")]

    operations = [migrations.RunPython(rebuild("porter unicode61"), rebuild("unicode61"))]
