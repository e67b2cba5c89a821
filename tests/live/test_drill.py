"""`manage.py live_drill`: the publisher of the spike test and the benchmark, refusing what it cannot do."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from broadsheet.live.models import LiveEntry


def drill(*args):
    out = StringIO()
    call_command("live_drill", *args, stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_an_editor_publishes_numbered_entries_and_learns_their_versions(live_page, editor_user):
    lines = drill(str(live_page.pk), "--as", editor_user.username, "--count", "3", "--every", "0")
    assert [(line["number"], line["version"]) for line in lines] == [(1, 1), (2, 2), (3, 3)]
    entries = LiveEntry.objects.filter(page=live_page).order_by("version")
    assert [(e.status, e.plain_text()) for e in entries] == [
        (LiveEntry.Status.PUBLISHED, f"Drill entry {n} of 3.") for n in (1, 2, 3)
    ]


@pytest.mark.parametrize(
    "args, message",
    [
        (["999999", "--as", "{editor}"], "No live blog has the id 999999."),
        (["{page}", "--as", "nobody-at-all"], "No user is called 'nobody-at-all'."),
        (["{page}", "--as", "{reporter}"], "may not publish in this live blog"),
        (["{page}", "--as", "{editor}", "--count", "0"], "--count must be at least 1"),
    ],
)
def test_what_it_cannot_do_is_refused_with_a_reason(live_page, editor_user, reporter_user, args, message):
    names = {"page": live_page.pk, "editor": editor_user.username, "reporter": reporter_user.username}
    with pytest.raises(CommandError, match=message.replace(".", r"\.")):
        drill(*(arg.format(**names) for arg in args))
    assert not LiveEntry.objects.filter(page=live_page).exists()
