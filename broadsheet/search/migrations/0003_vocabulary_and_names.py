"""Tag and author names in the article index, its vocabulary for spelling suggestions, and name look-ups.

SQLite: the FTS5 table gains a `names` column between the body and the facets (FTS5 cannot add a
column, so it is made again with its triggers and refilled from the entries, names still empty).
PostgreSQL: nothing to change in the engine; the tsvector gets names (B) and the body moves to C
as entries are rewritten. Either way, entries written before this migration have no names and
the vocabulary is empty until `manage.py index_articles` rebuilds them (`make run` does it itself:
`index_articles --if-empty` treats an index without a vocabulary as empty).
"""

import django.db.models.deletion
from django.db import migrations, models

FTS = "search_fts"
TABLE = "search_indexedarticle"


def fts_sql(columns):
    """Return the statements that make the FTS5 table over these columns and its three triggers."""
    listed = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    forget = f"INSERT INTO {FTS} ({FTS}, rowid, {listed}) VALUES ('delete', old.sort_key, {old});"  # nosec B608: fixed names
    remember = f"INSERT INTO {FTS} (rowid, {listed}) VALUES (new.sort_key, {new});"  # nosec B608: fixed names
    # Fixed names and options: nothing here comes from input.
    return [
        f"CREATE VIRTUAL TABLE {FTS} USING fts5({listed}, tokenize='porter unicode61',"
        f" content='{TABLE}', content_rowid='sort_key')",
        f"CREATE TRIGGER {FTS}_insert AFTER INSERT ON {TABLE} BEGIN {remember} END",
        f"CREATE TRIGGER {FTS}_delete AFTER DELETE ON {TABLE} BEGIN {forget} END",
        f"CREATE TRIGGER {FTS}_update AFTER UPDATE ON {TABLE} BEGIN {forget} {remember} END",
        f"INSERT INTO {FTS} ({FTS}) VALUES ('rebuild')",  # nosec B608: fixed names
    ]


def remake_fts(columns):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "sqlite":
            return
        for trigger in ("insert", "update", "delete"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {FTS}_{trigger}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS}")
        for statement in fts_sql(columns):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0009_tags_reviewed"),
        ("search", "0002_article_index"),
    ]

    operations = [
        # Undone last: the old table is made again once the names column has gone.
        migrations.RunPython(migrations.RunPython.noop, remake_fts(["title", "body", "facets"])),
        migrations.CreateModel(
            name="Word",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("word", models.CharField(max_length=40, unique=True)),
                ("articles", models.PositiveIntegerField(help_text="How many indexed articles contain the word.")),
            ],
        ),
        migrations.AddField(
            model_name="indexedarticle",
            name="names",
            field=models.TextField(default="", help_text="The names of the article's tags and authors."),
        ),
        migrations.CreateModel(
            name="NameWord",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "stem",
                    models.CharField(
                        db_index=True, help_text="The word's rough stem, as queries match it.", max_length=40
                    ),
                ),
                ("word", models.CharField(max_length=40)),
                (
                    "author",
                    models.ForeignKey(
                        null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="newsroom.author"
                    ),
                ),
                (
                    "tag",
                    models.ForeignKey(
                        null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="newsroom.tag"
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("author__isnull", False), ("tag__isnull", True)),
                            models.Q(("author__isnull", True), ("tag__isnull", False)),
                            _connector="OR",
                        ),
                        name="search_nameword_author_or_tag",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="WordKey",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("key", models.CharField(max_length=40)),
                (
                    "word",
                    models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="search.word"),
                ),
            ],
            options={
                "constraints": [models.UniqueConstraint(fields=("key", "word"), name="search_wordkey_unique")],
            },
        ),
        migrations.RunPython(remake_fts(["title", "body", "names", "facets"]), migrations.RunPython.noop),
    ]
