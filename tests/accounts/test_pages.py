"""Every account page a reader meets is the site's own: labelled fields, sentence-case headings, a description."""

import re

import pytest
from allauth.account.models import EmailAddress
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.test import Client

from tests.comments.conftest import make_reader

from .helpers import link_in, sign_up

pytestmark = pytest.mark.django_db

# Words that keep a capital inside a sentence-case heading.
PROPER = {"I", "E-mail"}


def check_account_page(response, heading, status=200):
    assert response.status_code == status, (response.status_code, heading)
    page = BeautifulSoup(response.content, "html.parser")
    h1s = page.select("main h1")
    assert [h.get_text(" ", strip=True) for h in h1s] == [heading]
    for title in [heading, *(h.get_text(" ", strip=True) for h in page.select("main h2"))]:
        later_words = title.split()[1:]
        assert not [w for w in later_words if w[:1].isupper() and w not in PROPER], f"not sentence case: {title!r}"
    assert page.title.get_text().startswith(heading + " · ")
    description = page.select_one('meta[name="description"]')
    assert description and len(description["content"]) > 20, heading
    # Every field a reader fills in has a visible label tied to it, above it or (a tick box) beside it.
    for field in page.select("main input:not([type=hidden]), main textarea, main select"):
        label = page.select_one(f'label[for="{field["id"]}"]')
        assert label and label.get_text(strip=True), (heading, field)
        assert "placeholder" not in field.attrs
        # Help text is read out with its field.
        help_text = page.find(id=f"{field['id']}_helptext")
        if help_text:
            assert f"{field['id']}_helptext" in field.get("aria-describedby", ""), (heading, field)
    # One primary button per form, no browser-default grey ones.
    for form in page.select("main form"):
        buttons = form.select("button")
        assert all("button" in b.get("class", []) or "link-button" in b.get("class", []) for b in buttons), form
        primaries = [b for b in buttons if "button-secondary" not in b.get("class", [])]
        assert len(primaries) <= 1, (heading, primaries)
    text = page.select_one("main").get_text(" ", strip=True)
    assert "Email" not in text and "Title Case" not in text
    return page


def test_the_pages_before_signing_in_are_the_sites_own(mailoutbox):
    client = Client()
    check_account_page(client.get("/accounts/login/"), "Sign in")
    signup = check_account_page(client.get("/accounts/signup/"), "Create an account")
    assert [f["name"] for f in signup.select("main form input:not([type=hidden])")] == [
        "email",
        "display_name",
        "password1",
        "password2",
        "consent",
    ]
    check_account_page(client.get("/accounts/password/reset/"), "Reset your password")
    check_account_page(client.get("/accounts/password/reset/done/"), "Check your e-mail")
    check_account_page(client.get("/accounts/inactive/"), "This account is closed")
    check_account_page(client.get("/accounts/confirm-email/not-a-key/"), "Confirm your e-mail address")
    check_account_page(client.get("/accounts/3rdparty/login/cancelled/"), "Sign-in cancelled")
    check_account_page(client.get("/accounts/3rdparty/login/error/"), "We could not sign you in", status=401)

    assert sign_up(client).status_code == 302
    check_account_page(client.get("/accounts/confirm-email/"), "Check your e-mail")
    confirm = check_account_page(
        client.get(link_in(mailoutbox[-1], "/accounts/confirm-email/")), "Confirm your e-mail address"
    )
    assert "nadia@example.org" in confirm.select_one("main").get_text()


def test_the_password_reset_pages_are_the_sites_own(mailoutbox):
    reader = make_reader("Forgetful")
    client = Client()
    client.post("/accounts/password/reset/", {"email": reader.email})
    from_key = client.get(link_in(mailoutbox[-1], "/accounts/password/reset/key/"), follow=True)
    page = check_account_page(from_key, "Choose a new password")
    action = page.select_one("main form")["action"]
    done = client.post(
        action, {"password1": "a new long passphrase", "password2": "a new long passphrase"}, follow=True
    )
    check_account_page(done, "Your password is changed")
    check_account_page(client.get("/accounts/password/reset/key/1-bad/"), "This link no longer works")


def test_a_signed_in_readers_pages_are_the_sites_own():
    client = Client()
    client.force_login(make_reader("Settled"))
    check_account_page(client.get("/accounts/profile/"), "Your account")
    check_account_page(client.get("/accounts/delete/"), "Delete your account")
    check_account_page(client.get("/accounts/email/"), "Change your e-mail address")
    check_account_page(client.get("/accounts/password/change/"), "Change your password")
    check_account_page(client.get("/accounts/logout/"), "Sign out")
    check_account_page(client.get("/accounts/3rdparty/"), "Connected accounts")
    check_account_page(client.get("/accounts/reauthenticate/"), "Confirm it is you")

    outside = get_user_model().objects.create_user("outside", email="outside@example.org")
    outside.set_unusable_password()
    outside.save()
    EmailAddress.objects.create(user=outside, email=outside.email, verified=True, primary=True)
    client.force_login(outside)
    check_account_page(client.get("/accounts/password/set/"), "Set a password")


def test_a_mistake_is_shown_beside_its_field_and_tied_to_it():
    response = sign_up(Client(), email="not an address", consent=False)
    assert response.status_code == 400
    page = BeautifulSoup(response.content, "html.parser")
    for name in ("email", "consent"):
        field = page.select_one(f"main [name={name}]")
        assert field.get("aria-invalid") == "true"
        error = page.find(id=f"{field['id']}_error")
        assert error and error.get_text(strip=True)
        assert f"{field['id']}_error" in field["aria-describedby"].split()
    assert "Tick the box to agree to the Terms" in page.find(id="id_consent_error").get_text()
    assert "Enter an e-mail address, like name@example.org." in page.find(id="id_email_error").get_text()


def test_sign_in_shows_sentence_case_labels_and_a_forgotten_password_link():
    page = BeautifulSoup(Client().get("/accounts/login/").content, "html.parser")
    labels = [re.sub(r"\s+", " ", label.get_text(" ", strip=True)) for label in page.select("main form label")]
    assert labels == ["E-mail address", "Password", "Keep me signed in on this device"]
    assert page.select_one('main a[href="/accounts/password/reset/"]').get_text() == "Forgotten your password?"


def test_the_messages_after_signing_in_and_out_name_no_username():
    reader = make_reader("Nadia R.")
    reader.username = "handle-they-never-chose"
    reader.save()
    client = Client()
    signed_in = client.post("/accounts/login/", {"login": reader.email, "password": "a-long-passphrase"}, follow=True)
    text = BeautifulSoup(signed_in.content, "html.parser").select_one("main .account-messages").get_text(strip=True)
    assert text == "You are signed in." and reader.username not in signed_in.content.decode()
    signed_out = client.post("/accounts/logout/", {"next": "/accounts/login/"}, follow=True)
    assert "You are signed out." in signed_out.content.decode()
