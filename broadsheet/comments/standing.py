"""How much a reader's flag weighs: an account's age, its approved comments, and flags moderators upheld.

Flags decide, without a moderator, whether a published comment is taken down for review. Anyone
can open accounts, so a flag from an account with no history only asks a moderator to look; a
comment is taken down at once only by flags of readers the discussion knows.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from .models import Comment, Flag, ModerationAction

# What each flag weighs: nothing for an account without standing, one for a reader with some, one
# more for a reader whose flags moderators have upheld (rejected the comment) before.
NO_STANDING, STANDING, PROVEN = 0, 1, 2


def flag_weight(user, now=None):
    """Return how much this reader's flag counts towards taking a comment down (0, 1 or 2)."""
    now = now or timezone.now()
    is_new = user.date_joined > now - timedelta(days=settings.COMMENTS_FLAGGER_MIN_AGE_DAYS)
    approved = Comment.objects.filter(author=user, status=Comment.Status.APPROVED).count()
    if is_new or approved < settings.COMMENTS_TRUSTED_AFTER:
        return NO_STANDING
    upheld = Flag.objects.filter(reporter=user, comment__status=Comment.Status.REJECTED).count()
    return PROVEN if upheld >= settings.COMMENTS_FLAGS_UPHELD_TO_WEIGH_MORE else STANDING


def flags_weight(comment, now=None):
    """Return the weight of the flags on a comment since a moderator last approved it."""
    reviewed = (
        ModerationAction.objects.filter(comment=comment, action="approve")
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    flags = Flag.objects.filter(comment=comment, reporter__isnull=False).select_related("reporter")
    if reviewed is not None:
        flags = flags.filter(created_at__gt=reviewed)
    return sum(flag_weight(flag.reporter, now) for flag in flags)
