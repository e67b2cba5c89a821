"""Authors and tags are managed by Editors and Administrators; Reporters only choose existing ones.

Choosing needs no model permission in Wagtail's chooser, so Reporters keep none: the Authors and
Tags menus (shown to anyone with a permission on the model) are the editors' alone.
"""

from django.db import migrations

GRANTS = {
    "Editor": ["view_tag", "view_author", "add_tag", "change_tag", "delete_tag", "add_author", "change_author"],
    "Administrator": ["view_tag", "view_author", "add_tag", "change_tag", "delete_tag", "add_author", "change_author"],
}
# Reporters could add and change tags before; creating and renaming is an editor's decision now.
REVOKE = {"Reporter": ["add_tag", "change_tag", "delete_tag", "view_tag", "add_author", "change_author", "view_author"]}


def set_roles(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    for name, codenames in GRANTS.items():
        group = Group.objects.filter(name=name).first()
        if group:
            group.permissions.add(
                *Permission.objects.filter(content_type__app_label="newsroom", codename__in=codenames)
            )
    for name, codenames in REVOKE.items():
        group = Group.objects.filter(name=name).first()
        if group:
            group.permissions.remove(
                *Permission.objects.filter(content_type__app_label="newsroom", codename__in=codenames)
            )


class Migration(migrations.Migration):
    dependencies = [("newsroom", "0004_automatic_related")]
    operations = [migrations.RunPython(set_roles, migrations.RunPython.noop)]
