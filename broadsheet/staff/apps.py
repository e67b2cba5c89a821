from django.apps import AppConfig
from django.conf import settings
from django.core import checks

REQUIRED_FOR_CHOICES = ("administrators", "staff", "none")


class StaffConfig(AppConfig):
    """Staff sign-in security: throttling and two-factor."""

    name = "broadsheet.staff"
    label = "staff"
    verbose_name = "Staff sign-in security"

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
