"""The demo poll: the reference page's question and counts, inside the reference-like article."""

import random
from datetime import timedelta

from broadsheet.identity import network_hash
from broadsheet.newsroom.factories import aware

from .factories import PollFactory
from .models import Ballot, Poll

POLL = {
    "question": "Could a partnership between China and Russia outweigh US influence in the world?",
    "options": [
        ("Yes: the future belongs to strong economic partnerships in Asia", 1559),
        ("Both countries can achieve great things on their own", 410),
        ("It is too early to tell", 312),
    ],
    "opens_at": "2020-01-23 20:48",
}
# The reference page places its poll after the third paragraph.
POSITION_IN_BODY = 3


def build_demo_poll(zone):
    """Create the reference poll with real ballots: one row per vote, counts kept in step."""
    opens_at = aware(POLL["opens_at"], zone)
    poll = PollFactory(
        question=POLL["question"],
        opens_at=opens_at,
        results_shown=Poll.ResultsShown.ALWAYS,
        status=Poll.Status.DRAFT,  # public through its article, as a newsroom's polls are
        options=[text for text, _ in POLL["options"]],
    )
    rng = random.Random(1559)
    ballots = []
    for option, (_, votes) in zip(poll.options.order_by("sort_order"), POLL["options"], strict=True):
        for _ in range(votes):
            # Most votes arrive in the first hours after publication, as they do for a news poll.
            delay = timedelta(minutes=rng.expovariate(1 / 240))
            address = f"198.51.100.{rng.randint(1, 254)}" if rng.random() < 0.5 else f"203.0.113.{rng.randint(1, 254)}"
            ballots.append(
                Ballot(poll=poll, option=option, voter="", network=network_hash(address), created_at=opens_at + delay)
            )
        option.votes = votes
        option.save(update_fields=["votes"])
    rng.shuffle(ballots)
    for number, ballot in enumerate(ballots):
        ballot.voter = f"r:demo{number:06d}"
    Ballot.objects.bulk_create(ballots, batch_size=1000)
    return poll


def add_demo_poll(demo):
    """Put the demo poll into the reference-like article and publish it (a demo builder)."""
    poll = build_demo_poll(demo["zone"])
    reference = demo["reference"]
    reference.body.insert(POSITION_IN_BODY, ("poll", poll))
    reference.save_revision().publish()
    demo["poll"] = poll
