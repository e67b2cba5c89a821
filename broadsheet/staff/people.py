"""The back office's list of people (/admin/users/): staff only, each with their roles.

Readers have accounts too, thousands of them, but they are not colleagues: mixed into this list
they bury the newsroom and invite an Administrator to give a reader a role by mistake. They are
listed apart by the comments app. Plugged in through Wagtail's documented way of replacing the
user viewset: an app config whose `user_viewset` names this one (StaffUsersConfig in apps.py).
"""

from django.utils.functional import cached_property
from wagtail.admin.ui.tables import Column
from wagtail.users.views.users import IndexView, UserViewSet

from broadsheet.staff.policy import roles_of, staff_members

NO_ROLE = "No role"


class RolesColumn(Column):
    """The "Access level" column: the person's roles, or "No role"."""

    class Media:
        css = {"all": ["staff/people.css"]}

    def __init__(self):
        super().__init__(
            "roles",
            accessor=lambda user: ", ".join(roles_of(user)) or NO_ROLE,
            label="Access level",
            classname="level roles",
            width="15%",
        )


class StaffIndexView(IndexView):
    page_title = "Staff"

    @cached_property
    def columns(self):
        # Wagtail's "Access level" says "Admin" for superusers and nothing for everyone else.
        return [RolesColumn() if column.name == "is_superuser" else column for column in super().columns]

    def get_base_queryset(self):
        return staff_members(super().get_base_queryset()).prefetch_related("groups")


class StaffUserViewSet(UserViewSet):
    menu_label = "Staff"
    index_view_class = StaffIndexView
