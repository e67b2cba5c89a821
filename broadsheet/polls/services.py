"""Voting: the one way a ballot is written."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from broadsheet.identity import in_networks, network_hash

from .models import Ballot, NetworkTally, Option, Poll


class VoteRefused(ValidationError):
    """A vote that was not counted, with a message for the reader and the HTTP status that fits."""

    def __init__(self, message, code, status):
        super().__init__(message, code=code)
        self.status = status


class NetworkLimitReached(Exception):
    pass


def cast_vote(*, poll_id, option_id, voter, address, now=None):
    """Record `voter`'s ballot for an option and count it, or refuse it and change nothing.

    The ballot, the network's hourly allowance and the option's count are written in one
    transaction; the unique (poll, voter) constraint, not a check before the write, is what
    refuses a second ballot, so simultaneous repeats cannot both get in.
    """
    now = now or timezone.now()
    option = Option.objects.select_related("poll").filter(pk=option_id, poll_id=poll_id).first()
    if option is None:
        if not Poll.objects.filter(pk=poll_id).exists():
            raise VoteRefused("This poll does not exist.", "unknown_poll", 404)
        raise VoteRefused("Choose one of this poll's options.", "unknown_option", 400)
    poll = option.poll
    if not poll.has_opened(now):
        raise VoteRefused("This poll is not open for voting yet.", "not_open", 403)
    if poll.has_closed(now):
        raise VoteRefused("This poll has closed; voting is over.", "closed", 403)
    if poll.who_may_vote == Poll.Voters.SIGNED_IN and not voter.startswith("u:"):
        raise VoteRefused("Sign in to vote in this poll.", "sign_in_required", 403)

    network = network_hash(address)
    limited = poll.network_limit > 0 and not in_networks(address, settings.POLL_NETWORK_ALLOWLIST)
    try:
        with transaction.atomic():
            ballot = Ballot.objects.create(poll=poll, option=option, voter=voter, network=network, created_at=now)
            if limited:
                take_network_allowance(poll, network, now)
            Option.objects.filter(pk=option.pk).update(votes=F("votes") + 1)
    except IntegrityError:
        count_refusal(poll, "duplicates_refused")
        raise VoteRefused("You have already voted in this poll.", "duplicate", 409) from None
    except NetworkLimitReached:
        count_refusal(poll, "rate_limited_refused")
        raise VoteRefused(
            "Too many votes have come from your network in the last hour. Please try again later.",
            "rate_limited",
            429,
        ) from None
    return ballot


def take_network_allowance(poll, network, now):
    """Count one ballot against the network's allowance for this clock hour, or raise if it is spent."""
    hour = now.replace(minute=0, second=0, microsecond=0)
    spare = NetworkTally.objects.filter(poll=poll, network=network, hour=hour, ballots__lt=poll.network_limit)
    if spare.update(ballots=F("ballots") + 1):
        return
    try:
        with transaction.atomic():
            NetworkTally.objects.create(poll=poll, network=network, hour=hour, ballots=1)
        return
    except IntegrityError:
        # The hour's tally exists: someone else created it meanwhile, or it is full.
        if spare.update(ballots=F("ballots") + 1):
            return
    raise NetworkLimitReached


def count_refusal(poll, field):
    Poll.objects.filter(pk=poll.pk).update(**{field: F(field) + 1})


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
