from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from broadsheet.identity import Reader
from broadsheet.polls.factories import PollFactory
from broadsheet.polls.models import Ballot, NetworkTally, Poll
from broadsheet.polls.services import cast_vote, repair_counts
from broadsheet.refusals import Refused


def reader(voter="r:reader-1", address="192.0.2.10"):
    """Return the reader a stored voter key names ("r:<token>" or "u:<account id>") at an address."""
    kind, _, ident = voter.partition(":")
    if kind == "u":
        return Reader.at(address, account_id=int(ident))
    return Reader.at(address, token=ident)


def vote(poll, option, voter="r:reader-1", address="192.0.2.10", **kwargs):
    return cast_vote(poll_id=poll.pk, option_id=option.pk, reader=reader(voter, address), **kwargs)


def refusal(call):
    with pytest.raises(Refused) as info:
        call()
    return info.value


def counts(poll):
    return [o.votes for o in poll.options.order_by("sort_order")]


def test_vote_writes_a_ballot_and_counts_it(poll, options):
    ballot = vote(poll, options[1])
    assert ballot.option == options[1]
    assert counts(poll) == [0, 1, 0]
    assert len(ballot.network) == 32 and "192.0.2.10" not in ballot.network


def test_second_ballot_from_same_reader_is_refused_and_changes_nothing(poll, options):
    vote(poll, options[0])
    error = refusal(lambda: vote(poll, options[1]))
    assert (error.code, error.status) == ("duplicate", 409)
    assert "already voted" in error.message
    assert counts(poll) == [1, 0, 0]
    assert Ballot.objects.count() == 1
    poll.refresh_from_db()
    assert poll.duplicates_refused == 1


def test_unknown_poll_and_foreign_option_are_refused(poll, options):
    other = PollFactory(question="Another?")
    assert (
        refusal(lambda: cast_vote(poll_id=99999, option_id=options[0].pk, reader=reader("r:x", "192.0.2.1"))).status
        == 404
    )
    foreign = other.options.first()
    error = refusal(lambda: cast_vote(poll_id=poll.pk, option_id=foreign.pk, reader=reader("r:x", "192.0.2.1")))
    assert (error.code, error.status) == ("unknown_option", 400)
    assert Ballot.objects.count() == 0


def test_closed_and_not_yet_open_polls_refuse_votes(db):
    now = timezone.now()
    closed = PollFactory(opens_at=now - timedelta(days=2), closes_at=now - timedelta(days=1))
    future = PollFactory(opens_at=now + timedelta(days=1))
    assert refusal(lambda: vote(closed, closed.options.first())).code == "closed"
    assert refusal(lambda: vote(future, future.options.first())).code == "not_open"
    assert Ballot.objects.count() == 0


def test_signed_in_only_poll_refuses_anonymous_readers(db):
    members = PollFactory(who_may_vote=Poll.Voters.SIGNED_IN)
    option = members.options.first()
    assert refusal(lambda: vote(members, option, voter="r:anonymous")).code == "sign_in_required"
    user = get_user_model().objects.create_user("member")
    vote(members, option, voter=f"u:{user.pk}")
    assert counts(members)[0] == 1


def test_network_limit_refuses_the_eleventh_ballot_in_an_hour(poll, options):
    for n in range(10):
        vote(poll, options[n % 3], voter=f"r:reader-{n}")
    error = refusal(lambda: vote(poll, options[0], voter="r:reader-10"))
    assert (error.code, error.status) == ("rate_limited", 429)
    assert Ballot.objects.count() == 10
    assert sum(counts(poll)) == 10
    poll.refresh_from_db()
    assert poll.rate_limited_refused == 1


def test_network_allowance_renews_the_next_hour(poll, options):
    start = timezone.now().replace(minute=5)
    for n in range(10):
        vote(poll, options[0], voter=f"r:early-{n}", now=start)
    vote(poll, options[0], voter="r:later", now=start + timedelta(hours=1))
    assert NetworkTally.objects.filter(poll=poll).count() == 2


def test_allowlisted_network_is_not_limited(settings, poll, options):
    settings.POLL_NETWORK_ALLOWLIST = ["192.0.2.0/24"]
    for n in range(15):
        vote(poll, options[0], voter=f"r:school-{n}")
    assert counts(poll)[0] == 15


def test_ipv6_readers_are_counted_by_their_64_network(poll, options):
    for n in range(10):
        vote(poll, options[0], voter=f"r:v6-{n}", address=f"2001:db8:1:2::{n + 1}")
    assert (
        refusal(lambda: vote(poll, options[0], voter="r:v6-x", address="2001:db8:1:2:ffff::9")).code == "rate_limited"
    )
    vote(poll, options[0], voter="r:v6-other", address="2001:db8:1:3::1")


def test_zero_network_limit_turns_the_limit_off(db):
    open_poll = PollFactory(network_limit=0)
    for n in range(12):
        vote(open_poll, open_poll.options.first(), voter=f"r:n{n}")
    assert counts(open_poll)[0] == 12


def test_repair_sets_counts_back_to_the_ballots(poll, options):
    vote(poll, options[0])
    options[0].__class__.objects.filter(pk=options[0].pk).update(votes=7)
    wrong = repair_counts(poll)
    assert [(o.pk, stored, actual) for o, stored, actual in wrong] == [(options[0].pk, 7, 1)]
    assert counts(poll) == [1, 0, 0]
