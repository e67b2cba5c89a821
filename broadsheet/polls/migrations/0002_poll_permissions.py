"""Let reporters and editors manage polls (editors may also delete them)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = {
    "Reporter": ["add_poll", "change_poll", "view_poll"],
    "Editor": ["add_poll", "change_poll", "delete_poll", "view_poll"],
    "Administrator": ["add_poll", "change_poll", "delete_poll", "view_poll"],
}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("polls")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    for name, codenames in ROLES.items():
        group = Group.objects.filter(name=name).first()
        if group:
            group.permissions.add(*Permission.objects.filter(content_type__app_label="polls", codename__in=codenames))


class Migration(migrations.Migration):
    dependencies = [("polls", "0001_initial"), ("newsroom", "0002_roles_and_workflow")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
