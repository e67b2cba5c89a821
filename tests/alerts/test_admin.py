"""The back office's "Breaking news", tried over HTTP by each newsroom role."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from broadsheet.alerts.models import Alert
from broadsheet.alerts.services import set_alert
from tests.alerts.conftest import signed_in, staff

LIST = "wagtailsnippets_alerts_alert:list"
ADD = "wagtailsnippets_alerts_alert:add"
EDIT = "wagtailsnippets_alerts_alert:edit"
END = "wagtailsnippets_alerts_alert:end"


def in_the_form(moment):
    """Write a time as the admin's date-time field takes it: newsroom time, to the minute."""
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def form(**changes):
    data = {
        "text": "Polls have closed across the country",
        "link": "/world/",
        "expires_at": in_the_form(timezone.now() + timedelta(hours=2)),
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("role", ["Editor", "Administrator"])
def test_editors_and_administrators_set_an_alert_from_the_back_office(role, db):
    client = signed_in(role)
    assert client.get(reverse(LIST)).status_code == 200
    assert "Breaking news" in client.get("/admin/").content.decode()
    response = client.post(reverse(ADD), form())
    assert response.status_code == 302, response.content.decode()[:3000]
    alert = Alert.objects.get()
    assert alert.text == "Polls have closed across the country" and alert.link == "/world/"
    assert alert.is_active and Alert.objects.shown() == alert


@pytest.mark.parametrize("role", ["Reporter", "Moderator"])
def test_reporters_and_moderators_are_refused_with_403(role, db):
    alert = set_alert(user=staff("Editor"), text="Polls have closed")
    client = signed_in(role)
    refused = client.get(reverse(LIST))
    assert refused.status_code == 403 and "Only Editors and Administrators" in refused.content.decode()
    assert client.get(reverse(ADD)).status_code == 403
    assert client.post(reverse(ADD), form()).status_code == 403
    assert client.post(reverse(EDIT, args=[alert.pk]), form(text="Changed")).status_code == 403
    assert client.get(reverse(END, args=[alert.pk])).status_code == 403
    assert client.post(reverse(END, args=[alert.pk])).status_code == 403
    assert "Breaking news" not in client.get("/admin/").content.decode()
    alert.refresh_from_db()
    assert alert.text == "Polls have closed" and alert.is_active


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"text": ""}, "text", "This field is required."),
        ({"text": " \n "}, "text", "This field is required."),
        ({"text": "x" * 121}, "text", "at most 120 characters"),
        ({"link": "javascript:alert(1)"}, "link", "https://"),
        ({"link": "//evil.example/"}, "link", "single slash"),
        ({"expires_at": ""}, "expires_at", "This field is required."),
        ({"expires_at": "tomorrow-ish"}, "expires_at", "valid date"),
        ({"expires_at": in_the_form(timezone.now() - timedelta(hours=1))}, "expires_at", "in the future"),
        ({"expires_at": in_the_form(timezone.now() + timedelta(hours=30))}, "expires_at", "at most 24 hours"),
    ],
)
def test_bad_input_is_a_400_with_the_message_by_its_field_and_nothing_saved(db, changes, field, message):
    client = signed_in("Editor")
    response = client.post(reverse(ADD), form(**changes))
    assert response.status_code == 400
    errors = [str(e) for e in response.context["form"].errors[field]]
    assert len(errors) == 1 and message in errors[0], errors
    html = response.content.decode()
    assert message.replace("’", "&#x27;") in html or message in html
    assert not Alert.objects.exists()


def test_an_editor_ends_an_alert_early(db):
    client = signed_in("Editor")
    client.post(reverse(ADD), form())
    alert = Alert.objects.get()
    listing = client.get(reverse(LIST)).content.decode()
    assert reverse(END, args=[alert.pk]) in listing and "End now" in listing
    assert "End the alert now" in client.get(reverse(END, args=[alert.pk])).content.decode()
    assert client.post(reverse(END, args=[alert.pk])).status_code == 302
    alert.refresh_from_db()
    assert alert.ended_at is not None and Alert.objects.shown() is None
    assert client.post(reverse(END, args=[alert.pk])).status_code == 400
    assert reverse(END, args=[alert.pk]) not in client.get(reverse(LIST)).content.decode()


def test_setting_and_ending_need_the_csrf_token(db):
    client = signed_in("Editor", enforce_csrf_checks=True)
    assert client.post(reverse(ADD), form()).status_code == 403
    assert not Alert.objects.exists()
    alert = set_alert(user=staff("Editor"), text="Polls have closed")
    assert client.post(reverse(END, args=[alert.pk])).status_code == 403
    assert Alert.objects.get().is_active
