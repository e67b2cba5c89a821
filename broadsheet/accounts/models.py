from django.conf import settings
from django.db import models


class Profile(models.Model):
    """What a reader shows others and chooses for themselves; the account itself is Django's user."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    display_name = models.CharField(
        max_length=50, help_text="The name shown beside the reader's comments (not their e-mail address)."
    )
    allow_reply_emails = models.BooleanField(
        default=True, help_text="Send an e-mail when an approved reply answers one of the reader's comments."
    )

    def __str__(self):
        return self.display_name


def is_newsroom_staff(user):
    """Return whether the account belongs to the newsroom (the back office), not to a reader."""
    return user.is_staff or user.is_superuser or user.has_perm("wagtailadmin.access_admin")


def display_name_of(user):
    """Return the name shown for an account: its chosen display name, else the part before the @."""
    if user is None:
        return "a deleted reader"
    try:
        profile = user.profile
    except Profile.DoesNotExist:
        profile = None
    if profile and profile.display_name:
        return profile.display_name
    return (user.email or user.get_username()).split("@")[0]


class Consent(models.Model):
    """A reader's acceptance of the Terms at sign-up: when, and which version of them."""

    # Not kept after the account is deleted: it records an agreement with a person who has left.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consents")
    accepted_at = models.DateTimeField(help_text="When the reader ticked the box at sign-up.")
    terms_version = models.CharField(
        max_length=50, help_text='The version of the Terms then published, or "none published".'
    )

    class Meta:
        ordering = ["accepted_at"]

    def __str__(self):
        return f"Terms {self.terms_version}, accepted {self.accepted_at:%Y-%m-%d %H:%M}"
