"""Who is staff, in which roles, and who must sign in with a second factor (STAFF_2FA_REQUIRED_FOR)."""

from django.conf import settings
from django.contrib.auth import get_user_model
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


def staff_account():
    """Return the condition on users that picks newsroom staff, for querysets (`filter`, `exclude`).

    Staff are the accounts with a role (any group: every group here is a newsroom role), a
    permission given directly, Django's staff flag, or superuser status; every other account is a
    reader's. So each account is exactly one of the two, and the staff list and the readers' list
    (users.exclude(staff_account())) between them show everyone once. Inactive accounts stay
    staff, so an Administrator still sees and can reactivate them. EXISTS rather than joins, so a
    person in two roles is one row.
    """
    User = get_user_model()
    in_a_role = Exists(User.groups.through.objects.filter(user=OuterRef("pk")))
    permitted = Exists(User.user_permissions.through.objects.filter(user=OuterRef("pk")))
    return Q(is_superuser=True) | Q(is_staff=True) | Q(in_a_role) | Q(permitted)


def staff_members(users):
    """Return those of `users` who are newsroom staff (see staff_account)."""
    return users.filter(staff_account())


def roles_of(user):
    """Return the names of the person's roles (their groups), a superuser counted as an Administrator.

    Reads `user.groups.all()`, so a listing prefetches the groups.
    """
    roles = {group.name for group in user.groups.all()}
    if user.is_superuser:
        roles.add(ADMINISTRATOR_GROUP)
    return sorted(roles)
