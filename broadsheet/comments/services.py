"""The discussion's state changes: posting, editing, deleting, flagging, moderating, banning."""

import re
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from broadsheet.newsroom.datelines import format_time
from broadsheet.newsroom.models import ArticlePage
from broadsheet.refusals import Refused

from . import freshness, notifications, scoring, standing
from .models import Ban, Comment, DiscussionSetting, Flag, ModerationAction, Rule
from .text import count_links, normalise


class CommentRefused(Refused):
    """A comment (or flag, edit…) that was not stored, naming the community rule that refused it, if one did."""

    def __init__(self, message, *, rule="", **refusal):
        super().__init__(message, **refusal)
        self.rule = rule


def moderation_mode(article):
    """Return "pre" or "post": the article's own mode, else its nearest section's, else the site's."""
    settings_by_page = dict(
        DiscussionSetting.objects.filter(page__in=[article.pk, *ancestor_ids(article)]).values_list(
            "page_id", "moderation"
        )
    )
    for page_id in [article.pk, *reversed(ancestor_ids(article))]:
        if settings_by_page.get(page_id):
            return settings_by_page[page_id]
    return settings.COMMENTS_MODERATION


def ancestor_ids(article):
    return list(article.get_ancestors().values_list("pk", flat=True))


def is_open_for_comments(article, now=None):
    """Return whether readers may comment on the article now (editor's switch, closing age, closed by a setting)."""
    now = now or timezone.now()
    if not article.allow_comments:
        return False
    published = article.first_published_at or now
    if settings.COMMENTS_CLOSE_AFTER_DAYS and now - published > timedelta(days=settings.COMMENTS_CLOSE_AFTER_DAYS):
        return False
    return not DiscussionSetting.objects.filter(page__in=[article.pk, *ancestor_ids(article)], is_closed=True).exists()


def ban_in_force(user, now=None):
    now = now or timezone.now()
    for ban in Ban.objects.filter(user=user).order_by("-created_at"):
        if ban.is_in_force(now):
            return ban
    return None


def words_in(body, words):
    lowered = body.casefold()
    return [w for w in words if w and re.search(rf"(?<!\w){re.escape(w.casefold())}(?!\w)", lowered)]


def check_body(body):
    """Refuse an empty or too long body before anything else happens; return it normalised."""
    body = normalise(body or "")
    if not body:
        raise CommentRefused("Write something before sending your comment.", status=400, code="empty")
    if len(body) > settings.COMMENT_MAX_LENGTH:
        raise CommentRefused(
            f"Comments are at most {settings.COMMENT_MAX_LENGTH:,} characters; yours has {len(body):,}. "
            "Please shorten it: nothing was saved.",
            status=400,
            code="too_long",
            rule=Rule.LENGTH,
        )
    if words_in(body, settings.COMMENTS_BANNED_WORDS):
        raise CommentRefused(
            "Your comment uses words we do not publish, so it was not posted.",
            status=400,
            code="banned_words",
            rule=Rule.BANNED_WORDS,
        )
    return body


def held_by(body, score):
    """Return the rule that holds this text for a moderator, or "" if none does."""
    if score >= settings.COMMENTS_TOXICITY_THRESHOLD:
        return Rule.TOXICITY
    if words_in(body, settings.COMMENTS_SUSPECT_WORDS):
        return Rule.SUSPECT_WORDS
    if settings.COMMENTS_HOLD_LINKS and count_links(body) >= settings.COMMENTS_HOLD_LINKS:
        return Rule.LINKS
    return ""


def post_comment(*, article_id, author, body, reader, parent_id=None, honeypot="", form_age=None, now=None):
    """Store a reader's comment (published, or held with the rule that held it), or refuse it and store nothing.

    The author's row is locked for the checks and the write, so two comments sent at once by one
    reader are counted against the rate limit and the duplicate rule one after the other.
    """
    now = now or timezone.now()
    if author is None or not author.is_authenticated:
        raise CommentRefused("Sign in to join the discussion.", status=403, code="sign_in_required")
    if honeypot or (form_age is not None and form_age < settings.COMMENTS_MIN_FORM_SECONDS):
        raise CommentRefused(
            "That was too quick for a person: please take a moment and send your comment again.",
            status=400,
            code="bot",
            rule=Rule.BOT,
        )
    body = check_body(body)
    article = ArticlePage.objects.visible().filter(pk=article_id).first()
    if article is None:
        raise CommentRefused("This article does not exist.", status=404, code="unknown_article")
    if not is_open_for_comments(article, now):
        raise CommentRefused("The discussion of this article is closed.", status=403, code="closed")
    ban = ban_in_force(author, now)
    if ban:
        until = f" until {format_time(ban.until, 'dateline')}" if ban.until else ""
        raise CommentRefused(f"You may not comment{until}: {ban.reason}", status=403, code="banned")
    score = scoring.toxicity(body)

    with transaction.atomic():
        get_user_model().objects.select_for_update().filter(pk=author.pk).first()
        parent = reply_parent(parent_id, article) if parent_id is not None else None
        minute_ago = now - timedelta(seconds=60)
        if Comment.objects.filter(author=author, created_at__gt=minute_ago).count() >= settings.COMMENTS_PER_MINUTE:
            raise CommentRefused(
                "You are commenting very quickly. Please wait a minute and try again.",
                status=429,
                code="rate",
                rule=Rule.RATE,
            )
        if not reader.is_exempt_from_network_limits and (
            Comment.objects.filter(network=reader.network, created_at__gt=minute_ago).count()
            >= settings.COMMENTS_PER_NETWORK_PER_MINUTE
        ):
            raise CommentRefused(
                "Many comments have come from your network in the last minute. Please try again shortly.",
                status=429,
                code="network_rate",
                rule=Rule.RATE,
            )
        if Comment.objects.filter(author=author, body=body).exclude(status=Comment.Status.REMOVED).exists():
            raise CommentRefused(
                "You have already posted this comment.", status=409, code="duplicate", rule=Rule.DUPLICATE
            )
        rule = held_by(body, score)
        if not rule and standing.is_premoderated(author, now):
            rule = Rule.RECENT_HISTORY
        if not rule and approved_count(author) < settings.COMMENTS_TRUSTED_AFTER:
            rule = Rule.NEW_COMMENTER
        if not rule and moderation_mode(article) == "pre":
            rule = Rule.PRE_MODERATION
        comment = Comment.objects.create(
            article=article,
            author=author,
            parent=parent,
            thread=(parent.thread or parent) if parent else None,
            body=body,
            status=Comment.Status.PENDING if rule else Comment.Status.APPROVED,
            rule=rule,
            toxicity=score,
            network=reader.network,
            created_at=now,
        )
        freshness.discussion_changed(article.pk)
        if comment.is_public:
            notifications.reply_published(comment)
    return comment


def reply_parent(parent_id, article):
    """Return the published comment of this article that a reply answers, or refuse the reply."""
    parent = Comment.objects.filter(pk=parent_id, article_id=article.pk).first()
    if parent is None:
        raise CommentRefused(
            "The comment you are replying to is not in this discussion.", status=400, code="bad_parent"
        )
    if not parent.is_public:
        # Held, rejected or deleted: a reply would hang from a comment other readers cannot see.
        raise CommentRefused(
            "The comment you are replying to is not published, so it cannot take replies. Nothing was saved.",
            status=409,
            code="parent_unpublished",
        )
    return parent


def approved_count(author):
    return Comment.objects.filter(author=author, status=Comment.Status.APPROVED).count()


def own_comment(comment_id, user):
    comment = Comment.objects.select_for_update().filter(pk=comment_id).first()
    if comment is None or not user.is_authenticated or comment.author_id != user.pk:
        raise CommentRefused("You can only change your own comments.", status=403, code="not_yours")
    return comment


@transaction.atomic
def edit_comment(*, comment_id, user, body, now=None):
    """Change one's own comment within the edit window; a change that a rule would hold is held."""
    now = now or timezone.now()
    body = check_body(body)
    comment = own_comment(comment_id, user)
    if not comment.is_editable_by(user, now):
        raise CommentRefused(
            f"Comments can be edited for {settings.COMMENTS_EDIT_MINUTES} minutes after posting.",
            status=403,
            code="edit_closed",
        )
    score = scoring.toxicity(body)
    rule = held_by(body, score)
    comment.body, comment.toxicity, comment.edited_at = body, score, now
    if rule:
        comment.status, comment.rule = Comment.Status.PENDING, rule
    comment.save()
    freshness.discussion_changed(comment.article_id)
    return comment


@transaction.atomic
def delete_comment(*, comment_id, user):
    """Take one's own comment down (kept for the moderation log, shown nowhere)."""
    comment = own_comment(comment_id, user)
    comment.status = Comment.Status.REMOVED
    comment.save(update_fields=["status"])
    freshness.discussion_changed(comment.article_id)
    return comment


def flag_comment(*, comment_id, user, reason, note=""):
    """Record a reader's flag: it puts the comment before a moderator; flags of enough weight take it down.

    Every flag shows the comment in the queue's "Flagged" list and leaves it published. It goes back
    to the queue (hidden) only when the flags' weight (standing.py: new accounts weigh nothing)
    reaches COMMENTS_FLAGS_TO_HOLD, so a handful of new accounts cannot silence a reader.
    """
    if user is None or not user.is_authenticated:
        raise CommentRefused("Sign in to flag a comment.", status=403, code="sign_in_required")
    if reason not in Flag.Reason.values:
        raise CommentRefused("Choose why you are flagging this comment.", status=400, code="bad_reason")
    note = (note or "").strip()
    if len(note) > 300:
        raise CommentRefused("Keep the note to 300 characters.", status=400, code="note_too_long")
    with transaction.atomic():
        comment = Comment.objects.select_for_update().filter(pk=comment_id, status=Comment.Status.APPROVED).first()
        if comment is None:
            raise CommentRefused("This comment is not in the discussion.", status=404, code="unknown_comment")
        try:
            with transaction.atomic():
                Flag.objects.create(comment=comment, reporter=user, reason=reason, note=note)
        except IntegrityError:
            raise CommentRefused("You have already flagged this comment.", status=409, code="already_flagged") from None
        Comment.objects.filter(pk=comment.pk).update(flag_count=F("flag_count") + 1)
        comment.refresh_from_db()
        if standing.flags_weight(comment) >= settings.COMMENTS_FLAGS_TO_HOLD:
            comment.status, comment.rule = Comment.Status.PENDING, Rule.FLAGS
            comment.save(update_fields=["status", "rule"])
            ModerationAction.objects.create(comment=comment, action="held by flags", reason=reason)
            freshness.discussion_changed(comment.article_id)
    return comment


MODERATION_ACTIONS = ("approve", "reject", "pick", "unpick")


def may_moderate(user):
    return user.is_authenticated and user.has_perm("comments.moderate_comment")


def check_moderator(moderator, action="approve", rule=""):
    if not may_moderate(moderator):
        raise CommentRefused("Only moderators can do this.", status=403, code="forbidden")
    if action not in MODERATION_ACTIONS:
        raise CommentRefused("Unknown moderation action.", status=400, code="bad_action")
    if rule and rule not in Rule.values:
        raise CommentRefused("Unknown rule.", status=400, code="bad_rule")


def moderate_comment(*, comment_id, moderator, action, reason="", rule=""):
    """Approve, reject, pick or unpick a comment as a moderator; every action is logged with who and when."""
    done = moderate_comments(comment_ids=[comment_id], moderator=moderator, action=action, reason=reason, rule=rule)
    if not done:
        raise CommentRefused(
            "This comment does not exist or was removed by its author.", status=404, code="unknown_comment"
        )
    return done[0]


def moderate_comments(*, comment_ids, moderator, action, reason="", rule=""):
    """Approve, reject (naming the rule, told to each author), pick or unpick comments; return those acted on.

    Ids of comments that do not exist or that their authors removed are passed over: the caller
    compares what comes back with what it asked for. All or nothing, in one transaction.
    """
    check_moderator(moderator, action, rule)
    with transaction.atomic():
        comments = list(
            Comment.objects.select_for_update()
            .filter(pk__in=list(comment_ids))
            .exclude(status=Comment.Status.REMOVED)
            .order_by("pk")
        )
        for comment in comments:
            was_public = comment.is_public
            if action == "approve":
                comment.status, comment.rule, comment.reason = Comment.Status.APPROVED, "", ""
                # The flags so far are answered: the comment leaves the "Flagged" list, and only new
                # flags can take it down again (standing.flags_weight counts from this approval).
                comment.flag_count = 0
            elif action == "reject":
                comment.status, comment.reason = Comment.Status.REJECTED, reason[:300]
                comment.rule = rule or comment.rule
            else:
                comment.is_pick = action == "pick"
            comment.save()
            ModerationAction.objects.create(
                comment=comment, reader_id=comment.author_id, moderator=moderator, action=action, reason=reason[:300]
            )
            freshness.discussion_changed(comment.article_id)
            if comment.is_public and not was_public:
                notifications.reply_published(comment)
        if action == "reject":
            notifications.comments_rejected(comments)
    return comments


# Longer than this is "for good" (and beyond about 2.7 million days there is no date to store).
LONGEST_BAN_DAYS = 3650


def check_ban_length(days):
    if days is not None and not 0 < days <= LONGEST_BAN_DAYS:
        raise CommentRefused(f"A ban lasts 1 to {LONGEST_BAN_DAYS:,} days, or for good.", code="ban_length")


@transaction.atomic
def ban_commenter(*, user_id, moderator, reason, days=None):
    """Stop a reader from commenting for `days` (None: for good) without touching their account."""
    check_moderator(moderator)
    check_ban_length(days)
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        raise CommentRefused("No such reader.", status=404, code="unknown_reader")
    if user.pk == moderator.pk:
        raise CommentRefused("You cannot ban yourself.", code="self_ban")
    until = timezone.now() + timedelta(days=days) if days else None
    ban = Ban.objects.create(
        user=user, until=until, reason=reason or "You broke the community standards.", banned_by=moderator
    )
    length = f"{days} day{'s' if days != 1 else ''}" if days else "good"
    ModerationAction.objects.create(
        moderator=moderator, reader=user, action="ban", reason=f"for {length}: {ban.reason}"[:300]
    )
    return ban


@transaction.atomic
def ban_authors(*, comment_ids, moderator, reason, days=None):
    """Ban the author of each of these comments (once each); return the bans. Deleted authors are passed over."""
    check_moderator(moderator)
    check_ban_length(days)
    authors = (
        Comment.objects.filter(pk__in=list(comment_ids), author__isnull=False)
        .order_by("author_id")
        .values_list("author_id", flat=True)
        .distinct()
    )
    return [ban_commenter(user_id=author, moderator=moderator, reason=reason, days=days) for author in authors]


@transaction.atomic
def lift_ban(*, user_id, moderator):
    """Let a banned reader comment again at once; return how many bans in force were lifted."""
    check_moderator(moderator)
    now = timezone.now()
    bans = [ban for ban in Ban.objects.select_for_update().filter(user_id=user_id) if ban.is_in_force(now)]
    if not bans:
        raise CommentRefused("This reader is not banned.", code="not_banned")
    Ban.objects.filter(pk__in=[ban.pk for ban in bans]).update(lifted_at=now)
    ModerationAction.objects.create(moderator=moderator, reader_id=user_id, action="unban")
    return len(bans)


@transaction.atomic
def delete_reader(*, user_id, moderator):
    """Delete a reader's account and everything they wrote; return the name they went by.

    Their comments go with them. A comment others replied to keeps its place as an empty, removed
    comment, since deleting it would take the other readers' replies with it (a reply's parent
    cascades). Staff accounts are deleted by an Administrator, never from the discussion's desk.
    """
    check_moderator(moderator)
    user = standing.readers().filter(pk=user_id).first()
    if user is None:
        raise CommentRefused("No such reader (staff accounts are deleted by an Administrator).", status=404)
    from broadsheet.accounts.models import display_name_of

    name = display_name_of(user)
    own = Comment.objects.filter(author=user)
    for article_id in set(own.values_list("article_id", flat=True)):
        freshness.discussion_changed(article_id)
    kept = kept_for_replies(user)
    own.filter(pk__in=kept).update(
        body="", status=Comment.Status.REMOVED, reason="", network="", is_pick=False, author=None
    )
    deleted, _ = own.exclude(pk__in=kept).delete()
    user.delete()
    comments = f"{deleted} comment{'s' if deleted != 1 else ''}"
    ModerationAction.objects.create(
        moderator=moderator, action="delete reader", reason=f"{name}: the account and {comments}"[:300]
    )
    return name


def kept_for_replies(user):
    """Return the ids of this reader's comments that others' replies hang from (by parent or thread, at any depth)."""
    own = set(Comment.objects.filter(author=user).values_list("pk", flat=True))
    others = Comment.objects.exclude(author=user).filter(Q(parent__in=own) | Q(thread__in=own))
    kept = {pk for pair in others.values_list("parent_id", "thread_id") for pk in pair if pk in own}
    while True:
        hanging = {
            pk for pair in Comment.objects.filter(pk__in=kept).values_list("parent_id", "thread_id") for pk in pair
        }
        more = (hanging & own) - kept
        if not more:
            return kept
        kept |= more
