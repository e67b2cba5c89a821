"""Setting and ending breaking-news alerts. Saving an alert invalidates the banner (receivers.py)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from .models import Alert


def may_manage_alerts(user):
    """Return whether this user may set and end alerts (Editors and Administrators, by model permission)."""
    return user.has_perm("alerts.add_alert") and user.has_perm("alerts.change_alert")


@transaction.atomic
def set_alert(*, user, text, link="", expires_at=None):
    """Put an alert on every page until `expires_at` (an hour from now by default); return it."""
    if not may_manage_alerts(user):
        raise PermissionDenied("Only Editors and Administrators set breaking news.")
    alert = Alert(text=text, link=link)
    if expires_at is not None:
        alert.expires_at = expires_at
    alert.full_clean()
    alert.save()
    return alert


@transaction.atomic
def end_alert(*, user, alert):
    """Take an alert off every page now, before its expiry; return it."""
    if not may_manage_alerts(user):
        raise PermissionDenied("Only Editors and Administrators end breaking news.")
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    if not alert.is_active:
        raise ValidationError("This alert is no longer showing.", code="not_active")
    alert.ended_at = timezone.now()
    alert.save(update_fields=["ended_at"])
    return alert
