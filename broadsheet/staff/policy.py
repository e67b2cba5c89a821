"""Who is staff, in which roles, and who must sign in with a second factor (STAFF_2FA_REQUIRED_FOR)."""

from django.conf import settings
from django.db.models import Exists, OuterRef, Q

ADMINISTRATOR_GROUP = "Administrator"


def is_administrator(user):
    """Return whether the user runs the site: a superuser or a member of the Administrator group."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or user.groups.filter(name=ADMINISTRATOR_GROUP).exists()


def is_staff_member(user):
    """Return whether the user may use the back office at all."""
    return user.is_authenticated and user.has_perm("wagtailadmin.access_admin")


def second_factor_required(user):
    """Return whether the user may not use the back office until they have set up a second factor."""
    required_for = settings.STAFF_2FA_REQUIRED_FOR
    if required_for == "staff":
        return is_staff_member(user)
    if required_for == "administrators":
        return is_administrator(user)
    return False


def staff_members(users):
    """Return those of `users` who are staff: may use the back office, or are marked staff or superuser.

    The many-rows form of is_staff_member, for listings: a role (a group) that grants back-office
    access, the permission given directly, Django's is_staff flag, or a superuser. Inactive
    accounts are kept, so an Administrator still sees and can reactivate them. Everyone else
    (readers) is not staff. Written with EXISTS so a person in two roles is listed once.
    """
    User = users.model
    by_role = User.groups.through.objects.filter(
        user=OuterRef("pk"),
        group__permissions__content_type__app_label="wagtailadmin",
        group__permissions__codename="access_admin",
    )
    directly = User.user_permissions.through.objects.filter(
        user=OuterRef("pk"), permission__content_type__app_label="wagtailadmin", permission__codename="access_admin"
    )
    return users.filter(Q(is_superuser=True) | Q(is_staff=True) | Exists(by_role) | Exists(directly))


def roles_of(user):
    """Return the names of the person's roles (their groups), a superuser counted as an Administrator.

    Reads `user.groups.all()`, so a listing prefetches the groups.
    """
    roles = {group.name for group in user.groups.all()}
    if user.is_superuser:
        roles.add(ADMINISTRATOR_GROUP)
    return sorted(roles)
