from django.apps import AppConfig
from django.conf import settings
from django.core import checks
from wagtail.users.apps import WagtailUsersAppConfig

REQUIRED_FOR_CHOICES = ("administrators", "staff", "none")


class StaffConfig(AppConfig):
    """Staff: sign-in security (throttling, two-factor), the list of staff, avatars without Gravatar."""

    name = "broadsheet.staff"
    label = "staff"
    verbose_name = "Staff sign-in security"
    # apps.py also holds StaffUsersConfig: this is the one "broadsheet.staff" means.
    default = True

    def ready(self):
        checks.register(check_two_factor_setting)


def check_two_factor_setting(app_configs, **kwargs):
    """Refuse to start on a misspelt STAFF_2FA_REQUIRED_FOR rather than silently requiring nothing."""
    value = getattr(settings, "STAFF_2FA_REQUIRED_FOR", "administrators")
    if value in REQUIRED_FOR_CHOICES:
        return []
    return [
        checks.Error(
            f"STAFF_2FA_REQUIRED_FOR is {value!r}.",
            hint=f"Use one of: {', '.join(REQUIRED_FOR_CHOICES)}.",
            id="staff.E001",
        )
    ]


class StaffUsersConfig(WagtailUsersAppConfig):
    """Wagtail's users app, its list of people showing staff only (INSTALLED_APPS names it for wagtail.users)."""

    user_viewset = "broadsheet.staff.people.StaffUserViewSet"
