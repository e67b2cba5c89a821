"""A breaking-news alert: one line of text, an optional link, and the time it stops showing."""

from datetime import UTC, timedelta
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils import timezone

from broadsheet.pagecache.dependencies import listing_key

TEXT_MAX_LENGTH = 120
DEFAULT_DURATION = timedelta(hours=1)
# An alert is news of the moment: one left on for days stops being read. Longer stories belong on
# the front page.
LONGEST_DURATION = timedelta(hours=24)


def an_hour_from_now():
    return timezone.now() + DEFAULT_DURATION


def banner_key():
    """Return the dependency key of the banner: the list of alerts, of which it shows the newest."""
    return listing_key(Alert)


def check_link(link):
    """Refuse a link that is neither a path on this site nor an https address (javascript:, data:, http:…)."""
    if not link:
        return
    if any(character.isspace() or ord(character) < 32 for character in link) or "\\" in link:
        raise ValidationError("Write the link without spaces or backslashes.", code="link")
    if link.startswith("/"):
        if link.startswith("//"):
            # "//host/path" is another site reached by the page's own scheme, not a path here.
            raise ValidationError("A path on this site starts with a single slash, e.g. /world/.", code="link")
        return
    if urlsplit(link).scheme.lower() != "https":
        raise ValidationError(
            "Use a path on this site (starting with /) or an address starting with https://.", code="link"
        )
    URLValidator(schemes=["https"], message="This is not a valid https address.")(link)


class AlertQuerySet(models.QuerySet):
    def active(self, at=None):
        """Return the alerts readers may see at `at` (now): not ended early and not yet expired."""
        return self.filter(ended_at__isnull=True, expires_at__gt=at or timezone.now())

    def shown(self, at=None):
        """Return the one alert readers see: the newest active one, or None."""
        return self.active(at).order_by("-created_at", "-pk").first()

    def expired_between(self, since, until):
        """Return the alerts that ran to their expiry after `since` and by `until` (not ended early)."""
        return self.filter(ended_at__isnull=True, expires_at__gt=since, expires_at__lte=until)


class Alert(models.Model):
    text = models.CharField(
        max_length=TEXT_MAX_LENGTH,
        help_text="One line of plain text, shown at the foot of every page, e.g. “Polls have closed in Scotland”.",
    )
    link = models.CharField(
        max_length=500,
        blank=True,
        help_text="Optional: where the alert leads. A path on this site (/world/…) or an https:// address.",
    )
    expires_at = models.DateTimeField(
        "Show until",
        default=an_hour_from_now,
        help_text="The alert disappears from every page at this time (newsroom time); at most 24 hours ahead.",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # Set when an Editor ends the alert before its time; an alert ended early never shows again.
    ended_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = AlertQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "breaking news alert"
        indexes = [models.Index(fields=["expires_at"], name="alerts_expires_at")]

    def __str__(self):
        return self.text

    @property
    def is_active(self):
        return self.ended_at is None and self.expires_at > timezone.now()

    @property
    def state(self):
        """Say in a word where the alert is in its life: showing, ended early or expired."""
        if self.ended_at is not None:
            return "Ended early"
        return "Showing" if self.is_active else "Expired"

    @property
    def expires_iso(self):
        """The expiry in UTC, ISO 8601 to the second, which every browser's Date.parse reads."""
        return self.expires_at.astimezone(UTC).replace(microsecond=0).isoformat()

    def clean(self):
        # One line, as readers see it: newlines and runs of spaces pasted in become single spaces.
        written = self.text or ""
        self.text = " ".join(written.split())
        self.link = (self.link or "").strip()
        errors = {}
        if written and not self.text:
            # Only spaces and newlines (an empty field is refused by the field itself).
            errors["text"] = ValidationError("Write the alert’s text.", code="required")
        try:
            check_link(self.link)
        except ValidationError as refusal:
            errors["link"] = refusal
        if self.expires_at is not None and self.ended_at is None:
            now = timezone.now()
            if self.expires_at <= now:
                errors["expires_at"] = ValidationError("Choose a time in the future.", code="past")
            elif self.expires_at > now + LONGEST_DURATION:
                errors["expires_at"] = ValidationError(
                    "An alert can show for at most 24 hours; choose an earlier time.", code="too_long"
                )
        if errors:
            raise ValidationError(errors)
