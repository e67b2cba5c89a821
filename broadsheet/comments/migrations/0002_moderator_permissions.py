from django.db import migrations

# Moderators moderate comments and nothing else; Editors and Administrators may too, and edit the
# community standards and the per-section/per-article discussion settings.
GRANTS = {
    "Moderator": ["moderate_comment"],
    "Editor": [
        "moderate_comment",
        "add_communitystandards",
        "change_communitystandards",
        "view_communitystandards",
        "add_discussionsetting",
        "change_discussionsetting",
        "delete_discussionsetting",
        "view_discussionsetting",
    ],
    "Administrator": [
        "moderate_comment",
        "add_communitystandards",
        "change_communitystandards",
        "delete_communitystandards",
        "view_communitystandards",
        "add_discussionsetting",
        "change_discussionsetting",
        "delete_discussionsetting",
        "view_discussionsetting",
    ],
}


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally made after all migrations; make this app's now so they can be granted.
    config = apps.get_app_config("comments")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, codenames in GRANTS.items():
        group = Group.objects.filter(name=group_name).first()
        if group:
            group.permissions.add(
                *Permission.objects.filter(content_type__app_label="comments", codename__in=codenames)
            )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name__in=GRANTS):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="comments"))


class Migration(migrations.Migration):
    dependencies = [("comments", "0001_initial"), ("newsroom", "0002_roles_and_workflow")]
    operations = [migrations.RunPython(grant, revoke)]
