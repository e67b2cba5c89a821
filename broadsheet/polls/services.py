"""Voting: the one way a ballot is written."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from wagtail.log_actions import log

from broadsheet.newsroom.models import ArticlePage
from broadsheet.pagecache.dependencies import invalidate, object_key, page_key, remember
from broadsheet.refusals import Refused

from .models import Ballot, Correction, NetworkTally, Option, Placement, Poll, VotingWindow


class NetworkLimitReached(Exception):
    pass


@dataclass(frozen=True)
class PollSnapshot(VotingWindow):
    """What voting needs to know about a poll, read once and kept until the poll or its articles change.

    Votes arrive in bursts of thousands a second; reading the poll once instead of once per
    ballot is most of the difference. The snapshot is kept by the page cache (`remember`) under
    the poll's key and the page keys of the articles that carry it, so an editor's change to the
    times, options or limits, or an article published, unpublished or made private, reaches every
    process at once, like the pages that show the poll.
    """

    pk: int
    opens_at: object
    closes_at: object
    who_may_vote: str
    network_limit: int
    option_ids: frozenset
    # Published on its own, or placed in live, public articles visible in these windows.
    is_published: bool
    carried_while: tuple

    @property
    def is_for_signed_in_readers(self):
        return self.who_may_vote == Poll.Voters.SIGNED_IN

    def is_public(self, now=None):
        """Return whether readers may see the poll now (Poll.objects.public(), read from the snapshot)."""
        now = now or timezone.now()
        return self.is_published or any(window.contains(now) for window in self.carried_while)


def poll_snapshot(poll_id):
    """Return the poll's PollSnapshot, or None if there is no such poll (which is not kept)."""

    def look():
        poll = (
            Poll.objects.filter(pk=poll_id)
            .values("pk", "opens_at", "closes_at", "who_may_vote", "network_limit", "status")
            .first()
        )
        if poll is None:
            return None, set()
        options = frozenset(Option.objects.filter(poll_id=poll_id).values_list("pk", flat=True))
        carriers = set(Placement.objects.filter(poll_id=poll_id).values_list("article_id", flat=True))
        windows = tuple(ArticlePage.objects.filter(pk__in=carriers).visible_windows().values())
        is_published = poll.pop("status") == Poll.Status.PUBLISHED
        snapshot = PollSnapshot(**poll, option_ids=options, is_published=is_published, carried_while=windows)
        return snapshot, {object_key(Poll, poll_id), *map(page_key, carriers)}

    return remember(f"polls:snapshot:{poll_id}", look)


def forget_poll(poll_id):
    """Say that what voting knows of the poll changed (its carriers, or rows written without signals)."""
    invalidate({object_key(Poll, poll_id)})


def cast_vote(*, poll_id, option_id, reader, now=None):
    """Record the reader's ballot for an option and count it, or refuse it and change nothing.

    The ballot, the network's hourly allowance and the option's count are written in one
    transaction; the unique (poll, voter) constraint, not a check before the write, is what
    refuses a second ballot, so simultaneous repeats cannot both get in. The writes are plain
    SQL: this is the busiest write path of the site, and the ORM's query building cost more
    than the writes themselves.
    """
    now = now or timezone.now()
    poll = poll_snapshot(poll_id)
    # A poll readers may not see yet (its article is not out) is answered exactly like no poll.
    if poll is None or not poll.is_public(now):
        raise Refused("This poll does not exist.", status=404, code="unknown_poll")
    if option_id not in poll.option_ids:
        raise Refused("Choose one of this poll's options.", status=400, code="unknown_option")
    if not poll.has_opened(now):
        raise Refused("This poll is not open for voting yet.", status=403, code="not_open")
    if poll.has_closed(now):
        raise Refused("This poll has closed; voting is over.", status=403, code="closed")
    if poll.is_for_signed_in_readers and not reader.is_signed_in:
        raise Refused("Sign in to vote in this poll.", status=403, code="sign_in_required")

    voter, network = reader.key, reader.network
    limited = poll.network_limit > 0 and not reader.is_exempt_from_network_limits
    moment = connection.ops.adapt_datetimefield_value(now)
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(INSERT_BALLOT, [poll_id, option_id, voter, network, moment])
            ballot_id = cursor.fetchone()[0]
            if limited:
                take_network_allowance(cursor, poll, network, now)
            cursor.execute(COUNT_VOTE, [option_id])
    except IntegrityError:
        count_refusal(poll_id, "duplicates_refused")
        raise Refused("You have already voted in this poll.", status=409, code="duplicate") from None
    except NetworkLimitReached:
        count_refusal(poll_id, "rate_limited_refused")
        raise Refused(
            "Too many votes have come from your network in the last hour. Please try again later.",
            status=429,
            code="rate_limited",
        ) from None
    return Ballot(pk=ballot_id, poll_id=poll_id, option_id=option_id, voter=voter, network=network, created_at=now)


# Table names come from our own models' Meta and every value is a query parameter, so these strings
# carry no input: bandit's B608 (SQL built from strings) is checked and does not apply.
INSERT_BALLOT = (
    f"INSERT INTO {Ballot._meta.db_table} (poll_id, option_id, voter, network, created_at) "  # nosec B608
    "VALUES (%s, %s, %s, %s, %s) RETURNING id"
)
COUNT_VOTE = f"UPDATE {Option._meta.db_table} SET votes = votes + 1 WHERE id = %s"  # nosec B608
SPEND_ALLOWANCE = (
    f"UPDATE {NetworkTally._meta.db_table} SET ballots = ballots + 1 "  # nosec B608
    "WHERE poll_id = %s AND network = %s AND hour = %s AND ballots < %s"
)
OPEN_ALLOWANCE = f"INSERT INTO {NetworkTally._meta.db_table} (poll_id, network, hour, ballots) VALUES (%s, %s, %s, 1)"  # nosec B608


def take_network_allowance(cursor, poll, network, now):
    """Count one ballot against the network's allowance for this clock hour, or raise if it is spent."""
    hour = connection.ops.adapt_datetimefield_value(now.replace(minute=0, second=0, microsecond=0))
    spend = [poll.pk, network, hour, poll.network_limit]
    cursor.execute(SPEND_ALLOWANCE, spend)
    if cursor.rowcount:
        return
    try:
        with transaction.atomic():
            cursor.execute(OPEN_ALLOWANCE, [poll.pk, network, hour])
        return
    except IntegrityError:
        # The hour's tally exists: someone else opened it meanwhile, or it is full.
        cursor.execute(SPEND_ALLOWANCE, spend)
        if cursor.rowcount:
            return
    raise NetworkLimitReached


def count_refusal(poll_id, field):
    Poll.objects.filter(pk=poll_id).update(**{field: F(field) + 1})


def repair_counts(poll):
    """Set every option's count to its number of ballots; return the options that were wrong."""
    wrong = []
    with transaction.atomic():
        for option in Option.objects.select_for_update().filter(poll=poll):
            actual = option.ballots.count()
            if option.votes != actual:
                wrong.append((option, option.votes, actual))
                Option.objects.filter(pk=option.pk).update(votes=actual)
    return wrong


def wording(poll):
    """Return the question and option texts of a poll, as stored in a correction's before/after."""
    options = poll.options.order_by("sort_order", "pk")
    return {"question": poll.question, "options": {str(o.pk): o.text for o in options}}


def correct_wording(*, poll, question, options, note, user):
    """Change the wording of a poll readers have voted in, openly: recorded, logged and shown to readers.

    `options` maps option ids to their new text; the options themselves, their order and their
    votes stay, so no ballot changes meaning silently. Raises ValidationError when nothing changes.
    """
    question = question.strip()
    note = note.strip()
    with transaction.atomic():
        poll = Poll.objects.select_for_update().get(pk=poll.pk)
        before = wording(poll)
        unknown = set(map(str, options)) - set(before["options"])
        if unknown:
            raise ValidationError("Only this poll's own options can be corrected.")
        after = {
            "question": question,
            "options": {pk: options.get(int(pk), text).strip() for pk, text in before["options"].items()},
        }
        if not question or not all(after["options"].values()):
            raise ValidationError("The question and every option need some text.")
        if after == before:
            raise ValidationError("Nothing was changed: edit the question or an option, or cancel.")
        if not note:
            raise ValidationError("Tell readers what was corrected: the note is shown under the poll.")
        poll.question = question
        poll.save(update_fields=["question"])
        for option in poll.options.all():
            text = after["options"][str(option.pk)]
            if text != option.text:
                option.text = text
                option.save(update_fields=["text"])
        correction = Correction.objects.create(poll=poll, corrected_by=user, note=note, before=before, after=after)
        data = {"before": before, "after": after, "note": note}
        log(instance=poll, action="polls.correct_wording", user=user, data=data)
    return correction
