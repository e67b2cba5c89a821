"""Create the newsroom's roles and the approval workflow that reporters' drafts go through."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PAGE_PERMISSIONS = {
    "Reporter": ["add_page", "change_page"],
    "Editor": ["add_page", "change_page", "publish_page", "lock_page", "unlock_page", "bulk_delete_page"],
    "Moderator": [],
    "Administrator": ["add_page", "change_page", "publish_page", "lock_page", "unlock_page", "bulk_delete_page"],
}
IMAGE_PERMISSIONS = {
    "Reporter": ["add_image", "choose_image"],
    "Editor": ["add_image", "change_image", "choose_image", "delete_image"],
    "Moderator": [],
    "Administrator": ["add_image", "change_image", "choose_image", "delete_image"],
}
MODEL_PERMISSIONS = {
    "Reporter": ["wagtailadmin.access_admin", "newsroom.add_tag", "newsroom.change_tag", "newsroom.view_author"],
    "Editor": [
        "wagtailadmin.access_admin",
        "newsroom.add_tag",
        "newsroom.change_tag",
        "newsroom.delete_tag",
        "newsroom.add_author",
        "newsroom.change_author",
        "newsroom.delete_author",
    ],
    "Moderator": ["wagtailadmin.access_admin"],
}


def create_roles(apps, schema_editor):
    # Permissions are normally made after all migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    Page = apps.get_model("wagtailcore.Page")
    Collection = apps.get_model("wagtailcore.Collection")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")
    ContentType = apps.get_model("contenttypes.ContentType")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")

    def permission(dotted):
        app_label, codename = dotted.split(".")
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)

    # Wagtail's sample groups and workflow would sit beside ours and confuse editors.
    Group.objects.filter(name__in=["Moderators", "Editors"]).delete()
    Workflow.objects.filter(name="Moderators approval").delete()
    GroupApprovalTask.objects.filter(name="Moderators approval").delete()

    root_page = Page.objects.get(depth=1)
    root_collection = Collection.objects.get(depth=1)
    groups = {}
    for name in PAGE_PERMISSIONS:
        group, _ = Group.objects.get_or_create(name=name)
        groups[name] = group
        for codename in PAGE_PERMISSIONS[name]:
            GroupPagePermission.objects.get_or_create(
                group=group, page=root_page, permission=permission(f"wagtailcore.{codename}")
            )
        for codename in IMAGE_PERMISSIONS[name]:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=permission(f"wagtailimages.{codename}")
            )
        if name == "Administrator":
            group.permissions.set(Permission.objects.all())
        else:
            group.permissions.set([permission(p) for p in MODEL_PERMISSIONS[name]])

    task_type = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")[0]
    task = GroupApprovalTask.objects.create(name="Editor approval", content_type=task_type, active=True)
    task.groups.set([groups["Editor"], groups["Administrator"]])
    workflow = Workflow.objects.create(name="Editorial review", active=True)
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.update_or_create(page=root_page, defaults={"workflow": workflow})


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtailadmin", "0006_formstate"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
