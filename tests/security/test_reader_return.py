"""A reader's way back after sign-up, confirmation and sign-in never leads off the site (issue 20, open redirects)."""

import pytest
from django.test import Client

from broadsheet.accounts.returning import same_site_path
from tests.accounts.helpers import link_in, sign_up
from tests.comments.conftest import make_reader
from tests.links.test_open_redirects import CORPUS, assert_stays_here, browser_target

pytestmark = pytest.mark.django_db


def test_no_bypass_is_kept_as_a_way_back():
    for bad in CORPUS:
        kept = same_site_path(bad)
        assert kept is None or browser_target(kept)[1] is None, (bad, kept)


@pytest.fixture
def unlimited(settings):
    """Lift the sign-up and sign-in rate limits: every bypass comes from the same test address."""
    settings.SIGN_UPS_PER_NETWORK_PER_HOUR = len(CORPUS) + 1
    settings.ACCOUNT_RATE_LIMITS = False


def test_the_confirmation_link_never_sends_a_new_reader_off_site(unlimited, mailoutbox):
    for number, bad in enumerate(CORPUS):
        client = Client()
        signed_up = sign_up(client, email=f"new{number}@example.org", next_path=bad)
        assert signed_up.status_code == 302, bad
        assert_stays_here(signed_up, bad)
        confirmed = client.post(link_in(mailoutbox[-1], "/accounts/confirm-email/"))
        assert confirmed.status_code == 302, bad
        assert_stays_here(confirmed, bad)


def test_reader_sign_in_next_never_leaves_the_site(unlimited):
    reader = make_reader("Returning")
    for bad in CORPUS:
        client = Client()
        response = client.post(
            "/accounts/login/", {"login": reader.email, "password": "a-long-passphrase", "next": bad}
        )
        assert response.status_code == 302, bad
        assert_stays_here(response, bad)
        # Signed in already, the sign-in page sends the reader on too.
        assert_stays_here(client.get("/accounts/login/", {"next": bad}), bad)
