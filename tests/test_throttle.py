"""The one rate limiter: every public limit is a rule in one table, counted over a sliding window."""

import pytest
import time_machine

from broadsheet import throttle
from broadsheet.identity import Reader

# 12:00:00 UTC, on the hour; each test sets the clock itself.
NOON = 1_797_163_200


def office(address="198.51.100.7"):
    return Reader.at(address, token="r:someone", user_agent="Mozilla/5.0")


def attempts_allowed(reader, action, count):
    return sum(throttle.allow(reader, action) for _ in range(count))


@pytest.mark.parametrize("action", sorted(throttle.RULES))
def test_a_network_gets_its_allowance_and_no_more(settings, action):
    setting, _ = throttle.RULES[action]
    assert isinstance(getattr(settings, setting), int)  # an operator can set it: settings.py reads it
    setattr(settings, setting, 4)
    with time_machine.travel(NOON + 1, tick=False):
        assert attempts_allowed(office(), action, 10) == 4
        # Another network has its own allowance.
        assert attempts_allowed(office("203.0.113.9"), action, 10) == 4


def test_a_full_allowance_at_the_end_of_a_minute_leaves_none_at_the_start_of_the_next(settings):
    """A fixed clock window would let a script send twice its allowance across 12:00:59 and 12:01:00."""
    settings.WRITE_ATTEMPTS_PER_MINUTE = 10
    reader = office()
    with time_machine.travel(NOON + 59, tick=False):
        assert attempts_allowed(reader, "vote", 10) == 10
    with time_machine.travel(NOON + 60, tick=False):
        assert attempts_allowed(reader, "vote", 10) == 0
    # Half a minute later half of the previous minute still counts: five are left, minus the ten
    # refused ones, which count too (a flood stays refused while it keeps coming).
    with time_machine.travel(NOON + 90, tick=False):
        assert not throttle.allow(reader, "vote")
    # A quiet minute later the network has its whole allowance again.
    with time_machine.travel(NOON + 181, tick=False):
        assert attempts_allowed(reader, "vote", 10) == 10


def test_the_previous_window_weighs_less_as_it_slides_out(settings):
    settings.SEARCHES_PER_MINUTE = 10
    reader = office()
    with time_machine.travel(NOON + 30, tick=False):
        assert attempts_allowed(reader, "search", 10) == 10
    # 45 s into the next minute a quarter of the previous one is inside the last 60 s: 2.5 of the
    # ten, so seven more fit (2.5 + 7 <= 10) and an eighth does not.
    with time_machine.travel(NOON + 105, tick=False):
        assert attempts_allowed(reader, "search", 10) == 7


def test_sign_ups_are_counted_by_the_hour(settings):
    settings.SIGN_UPS_PER_NETWORK_PER_HOUR = 3
    reader = office()
    with time_machine.travel(NOON + 10, tick=False):
        assert attempts_allowed(reader, "signup", 3) == 3
    # Ten minutes on, a per-minute rule would have forgotten them.
    with time_machine.travel(NOON + 610, tick=False):
        assert not throttle.allow(reader, "signup")
    with time_machine.travel(NOON + 2 * 3600 + 10, tick=False):
        assert throttle.allow(reader, "signup")


def test_a_rule_set_to_zero_is_off(settings):
    settings.SEARCHES_PER_MINUTE = 0
    with time_machine.travel(NOON, tick=False):
        assert attempts_allowed(office(), "search", 500) == 500


def test_networks_on_the_allowlist_are_not_limited(settings):
    settings.VIEW_BEACONS_PER_MINUTE = 2
    settings.POLL_NETWORK_ALLOWLIST = ["198.51.100.0/24"]
    with time_machine.travel(NOON, tick=False):
        assert attempts_allowed(office(), "view", 50) == 50
        assert attempts_allowed(office("203.0.113.9"), "view", 50) == 2


def test_an_action_without_a_rule_is_a_programming_error():
    with pytest.raises(KeyError):
        throttle.allow(office(), "unheard-of")
