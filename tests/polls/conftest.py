from datetime import timedelta

import pytest
from django.utils import timezone

from broadsheet.polls.models import Option, Poll


def make_poll(question="Will it rain?", options=("Yes", "No", "Maybe"), **fields):
    fields.setdefault("opens_at", timezone.now() - timedelta(hours=1))
    fields.setdefault("results_shown", Poll.ResultsShown.AFTER_VOTING)
    poll = Poll.objects.create(question=question, **fields)
    for order, text in enumerate(options):
        Option.objects.create(poll=poll, text=text, sort_order=order)
    return poll


@pytest.fixture
def poll(db):
    return make_poll()


@pytest.fixture
def options(poll):
    return list(poll.options.order_by("sort_order"))
