"""Readers write to the newsroom: the message is kept for the back office and e-mailed with the reader as Reply-To."""

from urllib.parse import urlencode

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from broadsheet.legal.demo import add_demo_legal_pages
from broadsheet.legal.models import ContactMessage
from broadsheet.newsroom import plugins
from tests.newsroom.test_roles import signed_in

SEND = "/contact/send/"
LIST = "/admin/messages/"
MESSAGE = {
    "name": "Ana Pereira",
    "email": "ana@readers.example.org",
    "subject": "tip",
    "message": "The port strike in Santos starts on Monday, not Tuesday.",
}


@pytest.fixture
def contact(home, committed):
    with committed():
        add_demo_legal_pages({})


def send(client, **changes):
    return client.post(SEND, {**MESSAGE, **changes})


def user_of(client):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(pk=client.session["_auth_user_id"])


def test_a_message_is_kept_mailed_with_reply_to_the_reader_and_thanked_after_a_redirect(client, contact, settings):
    settings.CONTACT_EMAIL = "desk@newsroom.example.org"
    form = client.get("/contact/")
    assert form.status_code == 200 and 'action="/contact/send/"' in form.content.decode()
    assert "no-store" in form["Cache-Control"]
    response = send(client)
    assert response.status_code == 302 and response["Location"] == "/contact/?sent=1"
    kept = ContactMessage.objects.get()
    assert (kept.name, kept.email, kept.subject, kept.handled_at) == ("Ana Pereira", MESSAGE["email"], "tip", None)
    [sent] = mail.outbox
    assert sent.to == ["desk@newsroom.example.org"]
    assert sent.reply_to == ["Ana Pereira <ana@readers.example.org>"]
    assert "A news tip" in sent.subject and "Santos" in sent.body
    assert "Thank you" in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"name": ""}, "name", "Say who is writing"),
        ({"name": "Ana\nBcc: everyone@example.org"}, "name", "on one line"),
        ({"email": "not an address"}, "email", "does not look like an e-mail"),
        ({"subject": "lottery"}, "subject", "Choose one of the subjects"),
        ({"subject": ""}, "subject", "Choose what your message is about"),
        ({"message": "hi"}, "message", "Say a little more"),
        ({"message": "x" * 3001}, "message", "under 3,000 characters"),
        ({"website": "http://spam.example"}, None, "could not be sent"),
    ],
)
def test_bad_input_is_refused_with_the_message_by_its_field_and_nothing_kept(client, contact, changes, field, message):
    response = send(client, **changes)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and "Your message was not sent" in html
    if field:
        # The message is in the field's error, which the field names for screen readers.
        assert f'<span class="form-error" id="id_{field}_error">' in html
        assert message in html.split(f'id="id_{field}_error">')[1].split("</span>")[0]
    if "message" not in changes:
        assert "Santos starts on Monday" in html  # what the reader typed is kept for them to correct
    assert not ContactMessage.objects.exists() and not mail.outbox


def test_the_longest_message_in_chinese_fits_what_the_address_accepts(client, contact):
    # As a browser's form sends it: every byte of a non-ASCII letter percent-encoded.
    body = urlencode({**MESSAGE, "message": "中" * 3000})
    assert len(body) > 27_000
    response = client.post(SEND, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 302
    assert len(ContactMessage.objects.get().message) == 3000


def test_a_message_needs_the_forms_csrf_token(contact):
    response = send(Client(enforce_csrf_checks=True))
    assert response.status_code == 403
    assert not ContactMessage.objects.exists()


def test_one_network_sending_many_messages_is_turned_away(client, contact, settings):
    settings.CONTACT_MESSAGES_PER_HOUR = 2
    assert [send(client).status_code for _ in range(3)] == [302, 302, 429]
    assert ContactMessage.objects.count() == 2 and len(mail.outbox) == 2
    assert "try again in an hour" in send(client).content.decode()


def test_without_a_live_contact_page_nothing_is_taken(client, home):
    assert send(client).status_code == 404
    assert client.get(SEND).status_code == 405
    assert not ContactMessage.objects.exists()


def test_editors_see_messages_on_their_desk_and_mark_them_handled(client, contact):
    send(client)
    send(client, subject="correction", message="The headline calls the minister Lavrow; it is Lavrov.")
    editor = signed_in("Editor")
    assert ("messages to answer", 2, LIST) in plugins.desk_counts(user_of(editor))
    page = editor.get(LIST).content.decode()
    assert "Waiting for an answer (2)" in page and "it is Lavrov" in page and "A correction from Ana Pereira" in page
    first = ContactMessage.objects.order_by("pk").first()
    assert editor.post(LIST, {"message": first.pk}).status_code == 302
    first.refresh_from_db()
    assert first.handled_by == user_of(editor) and first.handled_at
    assert ("message to answer", 1, LIST) in plugins.desk_counts(user_of(editor))
    handled_at = first.handled_at
    editor.post(LIST, {"message": first.pk})  # handled once: a second click changes nothing
    first.refresh_from_db()
    assert first.handled_at == handled_at


@pytest.mark.parametrize("data", [{"message": "abc"}, {"message": "999999"}, {}])
def test_a_bad_mark_gets_a_message_and_changes_nothing(client, contact, data):
    send(client)
    response = signed_in("Editor").post(LIST, data, follow=True)
    assert response.status_code == 200
    assert ContactMessage.objects.get().handled_at is None


@pytest.mark.parametrize("role", ["Reporter", "Moderator"])
def test_only_editors_and_administrators_see_the_messages(client, contact, role):
    send(client)
    person = signed_in(role)
    assert person.get(LIST).status_code == 302  # Wagtail sends a refused user to the dashboard
    person.post(LIST, {"message": ContactMessage.objects.get().pk})
    assert ContactMessage.objects.get().handled_at is None
    assert not [label for label, _, _ in plugins.desk_counts(user_of(person)) if "message" in label]
    assert reverse("legal_messages") not in person.get("/admin/").content.decode()
    assert reverse("legal_messages") in signed_in("Administrator").get("/admin/").content.decode()
