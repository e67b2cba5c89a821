"""Record the polls already in published articles, and let editors publish and correct polls."""

import json

from django.contrib.auth.management import create_permissions
from django.db import migrations


def poll_ids_in(body):
    """Return the poll ids in a stored article body (JSON text on SQLite, a list on PostgreSQL)."""
    blocks = json.loads(body) if isinstance(body, str) else body or []
    return {block["value"] for block in blocks if block.get("type") == "poll" and block.get("value")}


def backfill(apps, schema_editor):
    Poll = apps.get_model("polls.Poll")
    Placement = apps.get_model("polls.Placement")
    table = apps.get_model("newsroom.ArticlePage")._meta.db_table
    page_table = apps.get_model("wagtailcore.Page")._meta.db_table
    known = set(Poll.objects.values_list("pk", flat=True))
    with schema_editor.connection.cursor() as cursor:
        # The body's raw JSON: the historical model cannot rebuild the StreamField's blocks.
        cursor.execute(
            f"SELECT a.page_ptr_id, a.body FROM {table} a JOIN {page_table} p ON p.id = a.page_ptr_id "  # nosec B608
            "WHERE p.live = %s",
            [True],
        )
        rows = cursor.fetchall()
    Placement.objects.bulk_create(
        [
            Placement(poll_id=poll_id, article_id=article_id)
            for article_id, body in rows
            for poll_id in poll_ids_in(body)
            if poll_id in known
        ],
        ignore_conflicts=True,
    )


def grant(apps, schema_editor):
    app_config = apps.get_app_config("polls")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    publish = Permission.objects.filter(content_type__app_label="polls", codename="publish_poll")
    for group in Group.objects.filter(name__in=["Editor", "Administrator"]):
        group.permissions.add(*publish)


class Migration(migrations.Migration):
    dependencies = [("polls", "0003_editorial_control"), ("newsroom", "0004_automatic_related")]
    operations = [
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
