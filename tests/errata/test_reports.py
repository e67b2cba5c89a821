"""Readers report errors in articles; Editors see the corrections they are asked for and answer them."""

import pytest
from django.test import Client
from django.urls import reverse

from broadsheet.errata.models import ErrorReport
from broadsheet.newsroom import plugins
from tests.newsroom.test_roles import signed_in

LIST = "/admin/errata/"


def report_url(article):
    return f"/errata/{article.pk}/"


def send(client, article, **data):
    return client.post(report_url(article), {"text": "The treaty was signed in 2001, not 2002.", **data})


def user_of(client):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(pk=client.session["_auth_user_id"])


@pytest.fixture
def article(make_article):
    return make_article("Treaty anniversary marked in Moscow")


def test_every_article_offers_report_an_error_and_a_report_is_kept_with_thanks(client, article):
    assert f'href="{report_url(article)}"' in client.get(article.url).content.decode()
    form = client.get(report_url(article))
    assert form.status_code == 200 and "What is wrong?" in form.content.decode()
    response = send(client, article, email="reader@example.org")
    assert response.status_code == 200 and "Thank you" in response.content.decode()
    report = ErrorReport.objects.get()
    assert (report.article_id, report.email, report.outcome) == (article.pk, "reader@example.org", "")
    assert "2001, not 2002" in report.text


@pytest.mark.parametrize(
    "data, message",
    [
        ({"text": ""}, "Say what is wrong"),
        ({"text": "wrong"}, "Say a little more"),
        ({"text": "x" * 2001}, "under 2,000 characters"),
        ({"email": "not an address"}, "does not look like an e-mail"),
        ({"website": "http://spam.example"}, "could not be sent"),
    ],
)
def test_a_bad_report_is_refused_with_a_message_and_nothing_is_kept(client, article, data, message):
    response = send(client, article, **data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ErrorReport.objects.exists()


def test_an_article_nobody_may_read_takes_no_report(client, make_article):
    draft = make_article("Not yet out", publish=False)
    assert client.get(report_url(draft)).status_code == 404
    assert send(client, draft).status_code == 404
    assert client.post("/errata/99999999/", {"text": "Anything at all here."}).status_code == 404
    assert not ErrorReport.objects.exists()


def test_a_report_needs_the_forms_csrf_token(article):
    response = send(Client(enforce_csrf_checks=True), article)
    assert response.status_code == 403
    assert not ErrorReport.objects.exists()


def test_one_network_sending_many_reports_is_turned_away(client, article, settings):
    settings.ERROR_REPORTS_PER_HOUR = 2
    assert [send(client, article).status_code for _ in range(3)] == [200, 200, 429]
    assert ErrorReport.objects.count() == 2


def test_editors_see_the_corrections_asked_for_on_their_desk_and_answer_them(client, article):
    send(client, article)
    send(client, article, text="The minister's name is spelt Lavrov, not Lavrow.")
    editor = signed_in("Editor")
    assert ("corrections asked for", 2, LIST) in plugins.desk_counts(user_of(editor))
    page = editor.get(LIST).content.decode()
    assert "Waiting for an answer (2)" in page and "Lavrov, not Lavrow" in page
    first = ErrorReport.objects.order_by("pk").first()
    response = editor.post(LIST, {"report": first.pk, "outcome": "corrected"})
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.outcome == "corrected" and first.handled_by == user_of(editor) and first.handled_at
    assert ("correction asked for", 1, LIST) in plugins.desk_counts(user_of(editor))
    # Answered once: a second answer changes nothing.
    editor.post(LIST, {"report": first.pk, "outcome": "no_change"})
    first.refresh_from_db()
    assert first.outcome == "corrected"


@pytest.mark.parametrize("data", [{"report": "abc", "outcome": "corrected"}, {"report": "1", "outcome": "maybe"}, {}])
def test_a_bad_answer_gets_a_message_and_changes_nothing(client, article, data):
    send(client, article)
    response = signed_in("Editor").post(LIST, data, follow=True)
    assert response.status_code == 200
    assert ErrorReport.objects.get().outcome == ""


@pytest.mark.parametrize("role", ["Reporter", "Moderator"])
def test_only_those_who_publish_see_and_answer_reports(client, article, role):
    send(client, article)
    person = signed_in(role)
    assert person.get(LIST).status_code == 302  # Wagtail sends a refused user to the dashboard
    person.post(LIST, {"report": ErrorReport.objects.get().pk, "outcome": "corrected"})
    assert ErrorReport.objects.get().outcome == ""
    assert not [label for label, _, _ in plugins.desk_counts(user_of(person)) if "correction" in label]
    assert reverse("errata_reports") not in person.get("/admin/").content.decode()
