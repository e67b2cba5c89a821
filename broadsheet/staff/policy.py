"""Who must sign in with a second factor, decided by STAFF_2FA_REQUIRED_FOR."""

from django.conf import settings

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
