import pytest

from broadsheet.polls.factories import PollFactory


@pytest.fixture
def poll(db):
    return PollFactory(question="Will it rain?", options=("Yes", "No", "Maybe"))


@pytest.fixture
def options(poll):
    return list(poll.options.order_by("sort_order"))
