"""Let editors and administrators make short links (nobody deletes them); shorten articles already published."""

import secrets

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = {
    "Editor": ["add_shortlink", "change_shortlink", "view_shortlink"],
    "Administrator": ["add_shortlink", "change_shortlink", "view_shortlink"],
}
# As in models.py at the time of writing; a migration keeps its own copy.
ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"


def grant(apps, schema_editor):
    app_config = apps.get_app_config("links")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    for name, codenames in ROLES.items():
        group = Group.objects.filter(name=name).first()
        if group:
            group.permissions.add(*Permission.objects.filter(content_type__app_label="links", codename__in=codenames))


def shorten_published_articles(apps, schema_editor):
    # Publishing gives an article its link from now on; those published before this app get one here.
    ArticlePage = apps.get_model("newsroom", "ArticlePage")
    ShortLink = apps.get_model("links", "ShortLink")
    ids = ArticlePage.objects.filter(live=True, first_published_at__isnull=False).values_list("pk", flat=True)
    links, codes = [], set()
    for page_id in ids.iterator():
        code = "".join(secrets.choice(ALPHABET) for _ in range(9))
        if code in codes:
            continue  # once in trillions; the article gets its link when next published
        codes.add(code)
        links.append(ShortLink(code=code, page_id=page_id))
    ShortLink.objects.bulk_create(links, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("links", "0001_initial"), ("newsroom", "0002_roles_and_workflow")]
    operations = [
        migrations.RunPython(grant, migrations.RunPython.noop),
        migrations.RunPython(shorten_published_articles, migrations.RunPython.noop),
    ]
