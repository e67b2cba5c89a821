"""Let Editors and Administrators set, edit, end and delete breaking-news alerts; nobody else."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = ["add_alert", "change_alert", "delete_alert", "view_alert"]
ROLES = ["Editor", "Administrator"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("alerts")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    permissions = Permission.objects.filter(content_type__app_label="alerts", codename__in=CODENAMES)
    for group in Group.objects.filter(name__in=ROLES):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [("alerts", "0001_initial"), ("newsroom", "0002_roles_and_workflow")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
