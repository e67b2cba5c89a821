"""Sign-up, tried as a prober would: what the answer and its timing tell, and how often a network may try."""

import statistics
import time

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import MD5PasswordHasher
from django.test import Client

from broadsheet.accounts.models import Profile
from tests.comments.conftest import make_reader

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"


class CountingHasher(MD5PasswordHasher):
    """Django's test hasher, noting how many passwords it hashed (the slow step of a sign-up)."""

    algorithm = "counting_md5"
    hashed = 0

    def encode(self, password, salt):
        CountingHasher.hashed += 1
        return super().encode(password, salt)


def sign_up(client, email, name="Nadia R.", address="203.0.113.5"):
    return client.post(
        "/accounts/signup/",
        {"email": email, "display_name": name, "password1": PASSWORD, "password2": PASSWORD, "consent": "on"},
        REMOTE_ADDR=address,
    )


def hashes_made(email):
    CountingHasher.hashed = 0
    response = sign_up(Client(), email)
    return response, CountingHasher.hashed


def test_a_known_and_a_new_address_do_the_same_work_and_get_the_same_answer(settings, mailoutbox):
    settings.PASSWORD_HASHERS = ["tests.accounts.test_signup.CountingHasher"]
    known = make_reader("Known")
    new_answer, new_hashes = hashes_made("newcomer@example.org")
    known_answer, known_hashes = hashes_made(known.email)
    assert new_hashes == known_hashes == 1
    assert (known_answer.status_code, known_answer["Location"]) == (new_answer.status_code, new_answer["Location"])
    # Each address gets one mail: a confirmation, or word that it already has an account.
    assert sorted(message.to[0] for message in mailoutbox) == sorted(["newcomer@example.org", known.email])


def test_a_known_address_is_not_answered_sooner_than_a_new_one(settings, mailoutbox):
    # The production hasher (deliberately slow) decides the time. Tries alternate, so a busy
    # machine slows both alike, and medians are compared with a wide margin: before the fix a
    # known address was answered in a tenth of the time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    settings.SIGN_UPS_PER_NETWORK_PER_HOUR = 100
    known = make_reader("Known")
    new_times, known_times = [], []
    for n in range(5):
        for email, times in ((f"new{n}@example.org", new_times), (known.email, known_times)):
            started = time.perf_counter()
            assert sign_up(Client(), email).status_code == 302
            times.append(time.perf_counter() - started)
    assert statistics.median(known_times) > 0.5 * statistics.median(new_times)


def test_a_network_opening_accounts_quickly_is_refused_with_a_429_and_nothing_is_written(settings, mailoutbox):
    settings.SIGN_UPS_PER_NETWORK_PER_HOUR = 3
    answers = [sign_up(Client(), f"script{n}@example.org").status_code for n in range(3)]
    assert answers == [302, 302, 302]
    users, mails = get_user_model().objects.count(), len(mailoutbox)

    refused = sign_up(Client(), "script3@example.org")
    assert refused.status_code == 429
    assert "Too many accounts have been opened from your network" in refused.content.decode()
    assert 'name="email"' in refused.content.decode()  # still the sign-up page, saying why
    assert get_user_model().objects.count() == users and len(mailoutbox) == mails
    assert not Profile.objects.filter(user__email="script3@example.org").exists()

    # A reader on another network is not held up by it.
    assert sign_up(Client(), "neighbour@example.org", address="198.51.100.9").status_code == 302


def test_mistakes_in_the_form_do_not_use_up_the_networks_sign_ups(settings, mailoutbox):
    settings.SIGN_UPS_PER_NETWORK_PER_HOUR = 1
    client = Client()
    for _ in range(3):
        mistyped = client.post(
            "/accounts/signup/",
            {
                "email": "nadia@example.org",
                "display_name": "Nadia",
                "password1": PASSWORD,
                "password2": "typo",
                "consent": "on",
            },
            REMOTE_ADDR="203.0.113.5",
        )
        assert mistyped.status_code == 400
    assert sign_up(client, "nadia@example.org").status_code == 302
