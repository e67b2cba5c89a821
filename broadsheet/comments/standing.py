"""How much a reader's flag weighs: an account's age, its approved comments, and flags moderators upheld.

Flags decide, without a moderator, whether a published comment is taken down for review. Anyone
can open accounts, so a flag from an account with no history only asks a moderator to look; a
comment is taken down at once only by flags of readers the discussion knows.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.utils import timezone

from broadsheet.staff.policy import staff_account

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


# Coral's "recent history" rule: a reader with at least RECENT_HISTORY_MIN_COMMENTS comments in the
# last RECENT_HISTORY_DAYS days, of which RECENT_HISTORY_REJECTED_SHARE or more were rejected, has
# every new comment reviewed first. It is worked out afresh at each comment, so a reader leaves
# pre-moderation by itself once their rejections age out of the window; nobody has to remember.
RECENT_HISTORY_DAYS = 30
RECENT_HISTORY_MIN_COMMENTS = 4
RECENT_HISTORY_REJECTED_SHARE = 0.5


def recent_history(user, now=None):
    """Return (comments, rejected) of this reader within the recent-history window (removed ones left out)."""
    now = now or timezone.now()
    recent = Comment.objects.filter(author=user, created_at__gt=now - timedelta(days=RECENT_HISTORY_DAYS)).exclude(
        status=Comment.Status.REMOVED
    )
    return recent.count(), recent.filter(status=Comment.Status.REJECTED).count()


def is_often_rejected(comments, rejected):
    """Return whether a recent history of `comments`, `rejected` of them, puts a reader in pre-moderation."""
    return comments >= RECENT_HISTORY_MIN_COMMENTS and rejected >= RECENT_HISTORY_REJECTED_SHARE * comments


def is_premoderated(user, now=None):
    """Return whether this reader's comments are all held for now because many recent ones were rejected."""
    return is_often_rejected(*recent_history(user, now))


def readers():
    """Return the readers' accounts: every account that is not newsroom staff (one rule, in staff.policy)."""
    return get_user_model().objects.exclude(staff_account())


def with_recent_history(accounts, now=None):
    """Annotate accounts with their comments (`comment_total`) and recent history (`recent`, `recent_rejected`)."""
    now = now or timezone.now()
    recent = Q(comments__created_at__gt=now - timedelta(days=RECENT_HISTORY_DAYS)) & ~Q(
        comments__status=Comment.Status.REMOVED
    )
    return accounts.annotate(
        comment_total=Count("comments", filter=~Q(comments__status=Comment.Status.REMOVED)),
        recent=Count("comments", filter=recent),
        recent_rejected=Count("comments", filter=recent & Q(comments__status=Comment.Status.REJECTED)),
    )
