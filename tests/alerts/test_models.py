"""What an alert may say, where it may lead, how long it shows, and which one readers see."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from broadsheet.alerts import services
from broadsheet.alerts.models import Alert
from tests.alerts.conftest import staff


def messages_of(refusal):
    return {field: [str(m) for m in messages] for field, messages in refusal.value.message_dict.items()}


@pytest.mark.parametrize(
    "link",
    ["", "/world/", "/world/summit-ends/?from=alert#latest", "https://example.org/results", "HTTPS://example.org/"],
)
def test_links_to_a_path_here_or_an_https_address_are_taken(editor, link):
    alert = services.set_alert(user=editor, text="Results are in", link=link)
    assert Alert.objects.get(pk=alert.pk).link == link


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(1)",
        " javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "http://example.org/",
        "//evil.example/",
        "/\\evil.example/",
        "ftp://example.org/",
        "mailto:desk@example.org",
        "world/",
        "https://",
        "/world/\nnext",
        "https://exa mple.org/",
    ],
)
def test_other_links_are_refused_and_nothing_is_saved(editor, link):
    with pytest.raises(ValidationError) as refusal:
        services.set_alert(user=editor, text="Results are in", link=link)
    assert "link" in messages_of(refusal)
    assert not Alert.objects.exists()


def test_text_is_required_short_and_kept_to_one_line(editor):
    with pytest.raises(ValidationError) as empty:
        services.set_alert(user=editor, text="   \n ")
    assert "text" in messages_of(empty)
    with pytest.raises(ValidationError) as long:
        services.set_alert(user=editor, text="x" * 121)
    assert "text" in messages_of(long)
    alert = services.set_alert(user=editor, text="  Polls\nhave   closed \r\n")
    assert alert.text == "Polls have closed"
    assert Alert.objects.count() == 1


def test_an_alert_shows_for_an_hour_unless_told_otherwise(editor):
    before = timezone.now()
    alert = services.set_alert(user=editor, text="Polls have closed")
    assert before + timedelta(hours=1) <= alert.expires_at <= timezone.now() + timedelta(hours=1)


@pytest.mark.parametrize(
    ("ahead", "message"),
    [(timedelta(seconds=-1), "future"), (timedelta(0), "future"), (timedelta(hours=24, minutes=1), "24 hours")],
)
def test_an_expiry_in_the_past_or_over_a_day_ahead_is_refused(editor, ahead, message):
    with pytest.raises(ValidationError) as refusal:
        services.set_alert(user=editor, text="Polls have closed", expires_at=timezone.now() + ahead)
    assert message in " ".join(messages_of(refusal)["expires_at"])
    assert not Alert.objects.exists()


def test_readers_see_the_newest_active_alert_only(editor):
    older = services.set_alert(user=editor, text="Older")
    newer = services.set_alert(user=editor, text="Newer")
    assert Alert.objects.shown() == newer
    services.end_alert(user=editor, alert=newer)
    assert Alert.objects.shown() == older
    Alert.objects.filter(pk=older.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert Alert.objects.shown() is None
    assert [a.state for a in Alert.objects.all()] == ["Ended early", "Expired"]


def test_an_alert_past_its_expiry_is_no_longer_shown(editor):
    alert = services.set_alert(user=editor, text="Polls have closed", expires_at=timezone.now() + timedelta(minutes=5))
    assert Alert.objects.shown(at=timezone.now() + timedelta(minutes=4)) == alert
    assert Alert.objects.shown(at=alert.expires_at) is None


def test_an_ended_alert_cannot_be_ended_again(editor):
    alert = services.set_alert(user=editor, text="Polls have closed")
    services.end_alert(user=editor, alert=alert)
    with pytest.raises(ValidationError, match="no longer showing"):
        services.end_alert(user=editor, alert=alert)


@pytest.mark.parametrize("role", ["Reporter", "Moderator"])
def test_only_editors_and_administrators_set_and_end_alerts(role, editor):
    other = staff(role)
    with pytest.raises(PermissionDenied):
        services.set_alert(user=other, text="Polls have closed")
    alert = services.set_alert(user=staff("Administrator"), text="Polls have closed")
    with pytest.raises(PermissionDenied):
        services.end_alert(user=other, alert=alert)
    assert Alert.objects.get().is_active
