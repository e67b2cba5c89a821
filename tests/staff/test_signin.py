"""Sign-in throttling, tried as an attacker would: real POSTs to the back office's login with CSRF."""

from datetime import timedelta

import pytest
import time_machine
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_ip_address
from django.contrib.auth import authenticate
from django.core.cache.backends.locmem import LocMemCache
from django.core.management import call_command
from django.test import RequestFactory
from django.utils import timezone

from tests.staff.helpers import PASSWORD, browser_client, is_signed_in, make_user, sign_in

ATTACKER = "198.51.100.66"
ELSEWHERE = "192.0.2.20"
PROXY = "10.0.0.2"
LOCKED = "Too many failed sign-in attempts"


@pytest.fixture
def editor(db):
    return make_user("hmeyer", "Editor")


def fail(times, username="hmeyer", **where):
    """Send `times` wrong passwords and return the responses."""
    client = browser_client()
    return [sign_in(client, username, "wrong-guess", **where) for _ in range(times)]


def test_twenty_wrong_passwords_then_the_right_one_is_refused_with_a_clear_message(editor, settings):
    responses = fail(20, address=ATTACKER)
    allowed = settings.SIGN_IN_FAILURE_LIMIT - 1
    assert [r.status_code for r in responses[:allowed]] == [200] * allowed
    assert {r.status_code for r in responses[allowed:]} == {429}

    client = browser_client()
    response = sign_in(client, "hmeyer", PASSWORD, address=ATTACKER)
    assert response.status_code == 429
    page = response.content.decode()
    assert LOCKED in page and "wait 60 minutes" in page
    assert "correct username and password" not in page  # the real reason, not a misleading one
    assert 'name="username"' in page  # still the sign-in page, not a bare error
    assert not is_signed_in(client)
    assert client.get("/admin/").status_code == 302


def test_a_few_mistakes_then_the_right_password_signs_in(editor, settings):
    fail(settings.SIGN_IN_FAILURE_LIMIT - 1, address=ATTACKER)
    client = browser_client()
    assert sign_in(client, "hmeyer", address=ATTACKER).status_code == 302
    assert is_signed_in(client)


def test_a_strangers_failed_sign_ins_do_not_lock_the_account_out_from_another_network(editor, settings):
    fail(settings.SIGN_IN_FAILURE_LIMIT, address=ATTACKER)
    client = browser_client()
    assert sign_in(client, "hmeyer", address=ELSEWHERE).status_code == 302
    assert is_signed_in(client)
    # The stranger's network stays paused, for this account (whatever its case) and the right password too.
    assert sign_in(browser_client(), "HMeyer", "wrong-guess", address=ATTACKER).status_code == 429
    assert sign_in(browser_client(), "hmeyer", address=ATTACKER).status_code == 429


def test_an_account_failing_from_many_networks_is_slowed_for_seconds_not_locked(editor, settings, cache_with_a_clock):
    settings.SIGN_IN_ACCOUNT_FAILURE_LIMIT = 6
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        # Two wrong passwords from each of three networks: no network reaches its own limit.
        for network in ("203.0.113.1", "203.0.113.2", "203.0.113.3"):
            fail(2, address=network)
        paused = sign_in(browser_client(), "hmeyer", address=ELSEWHERE)
        assert paused.status_code == 429
        assert f"one attempt every {settings.SIGN_IN_ACCOUNT_PAUSE_SECONDS} seconds" in paused.content.decode()
        # Attempts during the pause are not checked, so they neither count nor prolong it.
        assert sign_in(browser_client(), "hmeyer", "wrong", address="203.0.113.4").status_code == 429
        clock.move_to(start + timedelta(seconds=settings.SIGN_IN_ACCOUNT_PAUSE_SECONDS + 1))
        client = browser_client()
        assert sign_in(client, "hmeyer", address=ELSEWHERE).status_code == 302
        assert is_signed_in(client)


def test_a_locked_network_is_refused_for_every_account_and_others_are_not(editor, settings, db):
    make_user("lwei", "Reporter")
    for n in range(settings.SIGN_IN_FAILURE_LIMIT):
        fail(1, username=f"guess-{n}", address=ATTACKER)
    assert sign_in(browser_client(), "lwei", address=ATTACKER).status_code == 429
    # Nobody else pays for it: the same accounts sign in from another network.
    client = browser_client()
    assert sign_in(client, "lwei", address=ELSEWHERE).status_code == 302
    assert is_signed_in(client)


def test_a_forged_forwarded_for_from_a_non_proxy_neither_dodges_nor_frames(editor, settings, db):
    settings.TRUSTED_PROXIES = [PROXY]
    make_user("lwei", "Reporter")
    # Dodge: a new X-Forwarded-For on every attempt, sent straight from the attacker's address.
    for n in range(settings.SIGN_IN_FAILURE_LIMIT):
        fail(1, username=f"guess-{n}", address=ATTACKER, forwarded_for=f"203.0.113.{n}")
    assert sign_in(browser_client(), "lwei", address=ATTACKER, forwarded_for="203.0.113.99").status_code == 429
    # Frame: the forged addresses were not charged, so a reader really there signs in.
    client = browser_client()
    assert sign_in(client, "lwei", address=PROXY, forwarded_for="203.0.113.0").status_code == 302


def test_behind_our_proxy_each_reader_is_counted_by_their_own_address(editor, settings, db):
    settings.TRUSTED_PROXIES = [PROXY]
    make_user("lwei", "Reporter")
    for n in range(settings.SIGN_IN_FAILURE_LIMIT):
        fail(1, username=f"guess-{n}", address=PROXY, forwarded_for=ATTACKER)
    assert sign_in(browser_client(), "lwei", address=PROXY, forwarded_for=ATTACKER).status_code == 429
    # Everyone arrives from the proxy's address; only the attacker's network is locked.
    assert sign_in(browser_client(), "lwei", address=PROXY, forwarded_for=ELSEWHERE).status_code == 302


def test_an_account_named_like_a_network_does_not_share_its_count(editor, settings):
    # Axes keys counters by bare values: without prefixes, guessing "accounts" named after a
    # network's key would lock that network out.
    request = RequestFactory().post("/admin/login/", REMOTE_ADDR=ELSEWHERE)
    victim_key = get_client_ip_address(request)  # what axes counts the victim's network under
    fail(settings.SIGN_IN_FAILURE_LIMIT, username=victim_key, address=ATTACKER)
    client = browser_client()
    assert sign_in(client, "hmeyer", address=ELSEWHERE).status_code == 302


@pytest.fixture
def cache_with_a_clock(monkeypatch):
    """Keep the counters in a cache that reads the (travelling) clock; Redis keeps its own time."""
    handler = AxesProxyHandler.get_implementation()
    monkeypatch.setattr(handler, "cache", LocMemCache("signin-clock", {}))
    return handler.cache


def test_a_lockout_ends_an_hour_after_the_last_counted_failure(editor, settings, cache_with_a_clock):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        fail(settings.SIGN_IN_FAILURE_LIMIT, address=ATTACKER)
        clock.move_to(start + timedelta(minutes=30))
        # Trying during the lockout does not prolong it.
        assert sign_in(browser_client(), "hmeyer", "wrong-again", address=ATTACKER).status_code == 429
        clock.move_to(start + timedelta(minutes=59))
        assert sign_in(browser_client(), "hmeyer", address=ATTACKER).status_code == 429
        clock.move_to(start + timedelta(minutes=61))
        client = browser_client()
        assert sign_in(client, "hmeyer", address=ATTACKER).status_code == 302
        assert is_signed_in(client)


def test_any_authenticate_call_with_a_request_is_throttled(editor, settings):
    """Not only the back office's page: readers' sign-in (django-allauth, later) calls authenticate() too."""
    factory = RequestFactory()
    assert authenticate(factory.post("/accounts/login/", REMOTE_ADDR=ELSEWHERE), username="hmeyer", password=PASSWORD)
    for _ in range(settings.SIGN_IN_FAILURE_LIMIT):
        request = factory.post("/accounts/login/", REMOTE_ADDR=ATTACKER)
        assert authenticate(request, username="hmeyer", password="wrong-guess") is None
    request = factory.post("/accounts/login/", REMOTE_ADDR=ATTACKER)
    assert authenticate(request, username="hmeyer", password=PASSWORD) is None


def test_an_operator_lifts_a_pause_early(editor, settings):
    make_user("lwei", "Reporter")
    fail(settings.SIGN_IN_FAILURE_LIMIT, address=ATTACKER)
    call_command("unlock_sign_in", "--network", ATTACKER)
    # Other accounts may sign in from the network again; this account is still paused there.
    assert sign_in(browser_client(), "lwei", address=ATTACKER).status_code == 302
    assert sign_in(browser_client(), "hmeyer", address=ATTACKER).status_code == 429
    call_command("unlock_sign_in", "--account", "hmeyer", "--network", ATTACKER)
    assert sign_in(browser_client(), "hmeyer", address=ATTACKER).status_code == 302
