import re

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.test import Client

from broadsheet.comments.models import Comment
from tests.comments.conftest import make_reader

pytestmark = pytest.mark.django_db


def sign_up(client, email="nadia@example.org", name="Nadia R."):
    return client.post(
        "/accounts/signup/",
        {
            "email": email,
            "display_name": name,
            "password1": "correct horse battery",
            "password2": "correct horse battery",
            "consent": "on",
        },
    )


def test_mail_goes_to_files_under_var_mail_unless_smtp_is_configured():
    # pytest-django swaps the backend for its outbox; the configured one is read from settings' source.
    source = (django_settings.BASE_DIR / "broadsheet" / "settings.py").read_text()
    assert 'EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"' in source
    assert 'DATA_DIR / "mail"' in source


def test_sign_up_confirm_by_email_then_sign_in_and_out(mailoutbox):
    client = Client()
    assert sign_up(client).status_code == 302
    user = get_user_model().objects.get(email="nadia@example.org")
    assert user.profile.display_name == "Nadia R." and not user.is_staff
    assert "Sign in" in client.get("/f/account/").content.decode()  # not before confirming
    link = re.search(r"http://\S+/accounts/confirm-email/\S+/", mailoutbox[0].body).group(0)
    path = "/" + link.split("/", 3)[3]
    client.post(path)
    assert "Signed in as Nadia R." in client.get("/f/account/").content.decode()
    client.post("/accounts/logout/")
    assert "Sign in" in client.get("/f/account/").content.decode()
    signed = client.post("/accounts/login/", {"login": "nadia@example.org", "password": "correct horse battery"})
    assert signed.status_code == 302
    assert "Your account" in client.get("/f/account/").content.decode()


def test_reader_sign_in_is_throttled_like_staff_sign_in(settings):
    reader = make_reader("Target")
    client = Client()
    for _ in range(settings.SIGN_IN_FAILURE_LIMIT):
        client.post("/accounts/login/", {"login": reader.email, "password": "wrong guess"})
    refused = client.post("/accounts/login/", {"login": reader.email, "password": "a-long-passphrase"})
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session


def test_staff_keep_the_back_office_sign_in():
    get_user_model().objects.create_user("ed", password="a-long-passphrase", is_staff=True).groups.add(
        *__import__("django.contrib.auth.models", fromlist=["Group"]).Group.objects.filter(name="Editor")
    )
    client = Client()
    response = client.post("/admin/login/", {"username": "ed", "password": "a-long-passphrase"})
    assert response.status_code == 302 and client.get("/admin/").status_code == 200


def test_the_readers_page_changes_the_display_name_also_on_their_comments(make_article, committed):
    article = make_article("A story")
    reader = make_reader("Old name", article=article)
    assert "Old name" in Client().get(f"/f/comments/{article.pk}/").content.decode()  # now kept
    client = Client()
    client.force_login(reader)
    assert client.get("/accounts/profile/").status_code == 200
    with committed():
        client.post("/accounts/profile/", {"display_name": "New name", "allow_reply_emails": ""})
    reader.profile.refresh_from_db()
    assert (reader.profile.display_name, reader.profile.allow_reply_emails) == ("New name", False)
    discussion = Client().get(f"/f/comments/{article.pk}/").content.decode()
    assert "New name" in discussion and "Old name" not in discussion
    assert client.post("/accounts/profile/", {"display_name": "   "}).status_code == 400


def test_deleting_an_account_keeps_its_comments_as_from_a_deleted_reader(make_article, committed):
    article = make_article("A story")
    reader = make_reader("Leaving", article=article)
    assert "Leaving" in Client().get(f"/f/comments/{article.pk}/").content.decode()  # now kept
    client = Client()
    client.force_login(reader)
    assert client.post("/accounts/delete/", {}).status_code == 400  # must confirm
    with committed():
        client.post("/accounts/delete/", {"confirm": "on"})
    assert not get_user_model().objects.filter(pk=reader.pk).exists()
    assert Comment.objects.filter(article=article, author=None).count() == 1
    html = Client().get(f"/f/comments/{article.pk}/").content.decode()
    assert "a deleted reader" in html and "Leaving" not in html


def test_a_forgotten_password_is_reset_by_email(mailoutbox):
    reader = make_reader("Forgetful")
    client = Client()
    assert client.post("/accounts/password/reset/", {"email": reader.email}).status_code == 302
    link = re.search(r"http://\S+/accounts/password/reset/key/\S+/", mailoutbox[-1].body).group(0)
    form_page = client.get("/" + link.split("/", 3)[3], follow=True)
    client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else "/" + link.split("/", 3)[3],
        {"password1": "a new long passphrase", "password2": "a new long passphrase"},
    )
    reader.refresh_from_db()
    assert reader.check_password("a new long passphrase")


def test_a_reader_changes_their_email_address_after_confirming_it(mailoutbox):
    reader = make_reader("Mover")
    client = Client()
    client.force_login(reader)
    client.post("/accounts/email/", {"action_add": "", "email": "moved@example.org"})
    link = re.search(r"http://\S+/accounts/confirm-email/\S+/", mailoutbox[-1].body).group(0)
    client.post("/" + link.split("/", 3)[3])
    reader.refresh_from_db()
    assert reader.email == "moved@example.org"


def test_staff_cannot_use_the_reader_sign_in_and_are_sent_to_the_back_office_one():
    from allauth.account.models import EmailAddress
    from django.contrib.auth.models import Group

    editor = get_user_model().objects.create_user("ed2", email="ed2@newsroom.example", password="a-long-passphrase")
    editor.groups.add(Group.objects.get(name="Editor"))
    EmailAddress.objects.create(user=editor, email=editor.email, verified=True, primary=True)
    client = Client()
    response = client.post("/accounts/login/", {"login": editor.email, "password": "a-long-passphrase"})
    assert response.status_code == 302 and response["Location"] == "/admin/login/"
    assert "_auth_user_id" not in client.session
