"""Account e-mails carry the site's name and address and a way to reach a person, never an unchosen username."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from tests.comments.conftest import make_reader

from .helpers import link_in, sign_up

pytestmark = pytest.mark.django_db


def html_of(message):
    [(html, kind)] = message.alternatives
    assert kind == "text/html"
    return html


def assert_branded(message, subject):
    site = settings.WAGTAIL_SITE_NAME
    assert message.subject == f"{site}: {subject}"
    assert message.reply_to == [settings.CONTACT_EMAIL]
    for body in (message.body, html_of(message)):
        assert site in body and settings.SITE_URL in body
        assert f"{settings.SITE_URL}/contact/" in body
        for leftover in ("Hello from", "127.0.0.1:8300", "user ", "username", "Please contact us"):
            assert leftover not in body, (leftover, body)
    assert f'href="{settings.SITE_URL}/contact/"' in html_of(message)


def test_the_confirmation_email_is_branded_and_names_no_username(mailoutbox):
    assert sign_up(Client(), email="nadia@example.org").status_code == 302
    [message] = mailoutbox
    assert_branded(message, "Confirm your e-mail address")
    assert message.to == ["nadia@example.org"]
    assert "/accounts/confirm-email/" in message.body and "/accounts/confirm-email/" in html_of(message)
    username = get_user_model().objects.get(email="nadia@example.org").username
    assert f" {username} " not in message.body


def test_the_password_reset_email_is_branded_and_names_no_username(mailoutbox):
    reader = make_reader("Forgetful")
    reader.username = "handle-they-never-chose"
    reader.save()
    Client().post("/accounts/password/reset/", {"email": reader.email})
    [message] = mailoutbox
    assert_branded(message, "Reset your password")
    assert "handle-they-never-chose" not in message.body + html_of(message)
    assert "/accounts/password/reset/key/" in message.body


def test_signing_up_again_with_a_known_address_sends_a_branded_note(mailoutbox):
    known = make_reader("Known")
    sign_up(Client(), email=known.email)
    [message] = mailoutbox
    assert_branded(message, "You already have an account")
    assert known.username not in message.body.replace(known.email, "")


def test_changing_the_address_tells_the_old_one_in_a_branded_email(mailoutbox):
    reader = make_reader("Mover")
    old = reader.email
    client = Client()
    client.force_login(reader)
    client.post("/accounts/email/", {"action_add": "", "email": "moved@example.org"})
    assert_branded(mailoutbox[-1], "Confirm your e-mail address")
    client.post(link_in(mailoutbox[-1], "/accounts/confirm-email/"))
    changed = [m for m in mailoutbox if m.subject.endswith("Your e-mail address was changed")]
    assert len(changed) == 1 and changed[0].to == [old]
    assert_branded(changed[0], "Your e-mail address was changed")
    assert "moved@example.org" in changed[0].body


def test_changing_the_password_sends_a_branded_notice(mailoutbox):
    reader = make_reader("Careful")
    client = Client()
    client.force_login(reader)
    response = client.post(
        "/accounts/password/change/",
        {
            "oldpassword": "a-long-passphrase",
            "password1": "another long passphrase",
            "password2": "another long passphrase",
        },
    )
    assert response.status_code == 302
    [message] = mailoutbox
    assert_branded(message, "Your password was changed")
