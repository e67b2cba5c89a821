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
