"""Consent recorded at sign-up, a reader's data handed over, and an account deleted without a trace of the name."""

import json

import pytest
from allauth.account.models import EmailAddress
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from broadsheet.accounts.models import Consent
from broadsheet.comments.models import Comment
from broadsheet.legal.demo import add_demo_legal_pages
from broadsheet.legal.terms import current_terms
from tests.comments.conftest import make_reader
from tests.staff.helpers import make_user

from .helpers import sign_up

pytestmark = pytest.mark.django_db


def test_sign_up_without_agreeing_to_the_terms_is_refused_and_saves_nothing(mailoutbox):
    response = sign_up(Client(), consent=False)
    assert response.status_code == 400
    assert "Tick the box to agree to the Terms" in response.content.decode()
    assert not get_user_model().objects.filter(email="nadia@example.org").exists()
    assert not Consent.objects.exists() and mailoutbox == []


def test_consent_is_recorded_with_none_published_when_there_are_no_terms(mailoutbox):
    assert current_terms() is None
    before = timezone.now()
    sign_up(Client())
    [consent] = Consent.objects.filter(user__email="nadia@example.org")
    assert consent.terms_version == "none published" and consent.accepted_at >= before


def test_consent_is_recorded_with_the_version_of_the_published_terms(home, mailoutbox):
    add_demo_legal_pages({})
    terms = current_terms()
    form = BeautifulSoup(Client().get("/accounts/signup/").content, "html.parser")
    label = form.select_one("label[for=id_consent]")
    assert [a["href"] for a in label.select("a")] == [terms.url, "/privacy/"]
    sign_up(Client())
    assert Consent.objects.get(user__email="nadia@example.org").terms_version == terms.version


def test_a_reader_downloads_everything_kept_about_them_but_their_votes(make_article):
    article = make_article("A story")
    reader = make_reader("Nadia R.", article=article)
    Consent.objects.create(user=reader, accepted_at=timezone.now(), terms_version="2026-12-01.7")
    Comment.objects.create(article=article, author=reader, body="Held for now.", status="pending")
    Comment.objects.create(article=article, author=make_reader("Someone else"), body="Not mine.", status="approved")
    client = Client()
    client.force_login(reader)
    profile = BeautifulSoup(client.get("/accounts/profile/").content, "html.parser")
    link = profile.find("a", string="Download my data")["href"]

    response = client.get(link)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="my-data-')
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["account"]["email"] == reader.email
    assert data["profile"] == {"display_name": "Nadia R.", "allow_reply_emails": True}
    assert data["email_addresses"] == [{"email": reader.email, "is_verified": True, "is_primary": True}]
    assert data["consents"] == [{"terms_version": "2026-12-01.7", "accepted_at": data["consents"][0]["accepted_at"]}]
    assert [(c["text"], c["status"]) for c in data["comments"]] == [
        (f"An earlier approved comment {reader.username.removeprefix('reader')}.", "Published"),
        ("Held for now.", "Held for review"),
    ]
    assert {c["article"] for c in data["comments"]} == {settings.SITE_URL + article.url}
    assert "anonymous" in data["votes"]
    assert "ballot" not in json.dumps(data).lower().replace("votes", "")
    # Signed out, there is nothing to download.
    assert Client().get(link).status_code == 302


def test_deleting_an_account_leaves_its_name_on_no_page(make_article, committed, client):
    article = make_article("A story")
    leaving = make_reader("Zephyrine Leaving", article=article)
    theirs = Comment.objects.get(author=leaving)
    answer = Comment.objects.create(
        article=article,
        author=make_reader("Replier"),
        parent=theirs,
        thread=theirs,
        body="I disagree.",
        status="approved",
    )
    moderator = Client()
    moderator.force_login(make_user("mod", "Moderator"))
    pages = [
        f"/f/comments/{article.pk}/",
        f"/comments/{article.pk}/",
        f"/comments/{article.pk}/?reply={answer.pk}",  # the reply names whom it answers
    ]
    for page in pages:  # now kept in the cache, too
        assert "Zephyrine" in client.get(page).content.decode(), page
    assert "Zephyrine" in moderator.get("/admin/comments/readers/").content.decode()

    reader_client = Client()
    reader_client.force_login(leaving)
    assert reader_client.post("/accounts/delete/", {}).status_code == 400  # must confirm
    with committed():
        assert reader_client.post("/accounts/delete/", {"confirm": "on"}).status_code == 200

    assert not get_user_model().objects.filter(pk=leaving.pk).exists()
    assert not EmailAddress.objects.filter(email=leaving.email).exists()
    assert "_auth_user_id" not in reader_client.session
    theirs.refresh_from_db()
    assert theirs.author is None and theirs.body
    for page in pages:
        html = client.get(page).content.decode()
        assert "Zephyrine" not in html and "a deleted reader" in html, page
    for page in ("/admin/comments/", "/admin/comments/readers/", "/admin/comments/log/"):
        response = moderator.get(page)
        assert response.status_code == 200 and "Zephyrine" not in response.content.decode(), page


def test_staff_cannot_delete_their_own_account_from_the_readers_page():
    editor = make_user("ed", "Editor")
    client = Client()
    client.force_login(editor)
    response = client.post("/accounts/delete/", {"confirm": "on"})
    assert response.status_code == 302
    assert get_user_model().objects.filter(pk=editor.pk).exists()


def test_the_community_standards_say_what_deleting_an_account_does(client):
    html = client.get("/community-standards/").content.decode()
    assert "If you delete your account" in html and "a deleted reader" in html
