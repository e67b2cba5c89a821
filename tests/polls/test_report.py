import csv
import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from broadsheet.identity import Reader
from broadsheet.polls.models import Ballot, Option
from broadsheet.polls.services import cast_vote
from tests.newsroom.test_roles import signed_in

REPORT = "wagtailsnippets_polls_poll:report"
CSV = "wagtailsnippets_polls_poll:ballots_csv"


def fill(poll, options, count=20, start=None, address="192.0.2.55"):
    start = start or timezone.now() - timedelta(minutes=50)
    for n in range(count):
        cast_vote(
            poll_id=poll.pk,
            option_id=options[n % 2].pk,
            reader=Reader.at(f"192.0.2.{n}", token=f"{n:032x}"),
            now=start + timedelta(minutes=n),
        )


def test_editor_sees_results_timeline_and_refusals(poll, options):
    fill(poll, options)
    response = signed_in("Editor").get(reverse(REPORT, args=[poll.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "50.0%" in html and "Ballots over time" in html
    assert html.count('class="timeline-bar"') >= 20
    assert "Repeat ballots from the same reader" in html


def test_a_burst_stands_out_in_the_timeline(poll, options):
    start = timezone.now() - timedelta(minutes=55)
    fill(poll, options, count=10, start=start)
    for n in range(40):  # forty ballots inside one minute
        Ballot.objects.create(
            poll=poll,
            option=options[0],
            voter=f"r:burst{n}",
            network="x",
            # inside one clock minute, whatever second the test starts at
            created_at=(start + timedelta(minutes=30)).replace(second=0) + timedelta(seconds=n),
        )
    from broadsheet.polls.report import timeline

    _, bars = timeline(poll)
    assert max(n for _, n in bars) == 40


def test_csv_export_has_every_ballot_and_no_addresses(poll, options):
    fill(poll, options)
    response = signed_in("Editor").get(reverse(CSV, args=[poll.pk]))
    body = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0] == ["ballot", "cast_at_utc", "option_id", "option", "voter", "network_hash"]
    assert len(rows) == 21
    assert "192.0.2." not in body


def test_moderator_cannot_open_the_report(poll):
    assert signed_in("Moderator").get(reverse(REPORT, args=[poll.pk])).status_code in (302, 403)


def test_audit_reports_and_repairs_a_count_that_differs(poll, options, capsys):
    fill(poll, options, count=4)
    call_command("audit_polls")
    assert "every count equals its ballots" in capsys.readouterr().out
    Option.objects.filter(pk=options[0].pk).update(votes=99)
    with pytest.raises(SystemExit) as exit_:
        call_command("audit_polls")
    assert exit_.value.code == 1
    assert "count 99, ballots 2" in capsys.readouterr().out
    call_command("audit_polls", "--repair")
    options[0].refresh_from_db()
    assert options[0].votes == 2


def test_a_poll_open_for_years_still_fits_in_a_readable_chart(poll, options):
    from broadsheet.polls.report import MAX_BARS, timeline

    long_ago = timezone.now() - timedelta(days=2000)
    Ballot.objects.create(poll=poll, option=options[0], voter="r:old", network="x", created_at=long_ago)
    Ballot.objects.create(poll=poll, option=options[0], voter="r:new", network="x", created_at=timezone.now())
    bucket, bars = timeline(poll)
    assert len(bars) <= MAX_BARS + 1
    assert sum(n for _, n in bars) == 2


@pytest.mark.parametrize("text", ['=HYPERLINK("http://evil.example","Click")', "@SUM(1+1)", "+1+1", "-2+3"])
def test_csv_cells_that_a_spreadsheet_would_run_are_kept_as_text(poll, options, text):
    Option.objects.filter(pk=options[0].pk).update(text=text)
    fill(poll, options, count=2)
    response = signed_in("Editor").get(reverse(CSV, args=[poll.pk]))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    option_cells = [row[3] for row in rows[1:]]
    assert f"'{text}" in option_cells
    assert not any(cell.startswith(("=", "@", "+", "-")) for cell in option_cells)


def test_ballots_over_time_fit_the_polls_real_span_and_label_the_axis_with_dates(poll, options):
    # Ballots over three days: bars of an hour, not weeks, and dated labels under the chart.
    start = timezone.now().replace(microsecond=0) - timedelta(days=3)
    for n in range(4):
        Ballot.objects.create(
            poll=poll, option=options[0], voter=f"r:span{n}", network="x", created_at=start + timedelta(hours=24 * n)
        )
    from broadsheet.polls.report import timeline

    bucket, bars = timeline(poll)
    assert bucket == timedelta(hours=1) and 70 <= len(bars) <= 120
    html = signed_in("Editor").get(reverse(REPORT, args=[poll.pk])).content.decode()
    assert "Each bar is 1 hour" in html
    labels = html.count('class="timeline-label"')
    assert labels == 5
    assert timezone.localtime(start).strftime("%H:%M") in html
