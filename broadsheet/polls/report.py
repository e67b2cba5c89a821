"""The poll report for editors: results, ballots over time, refusals, and a CSV of ballots."""

import csv
from datetime import timedelta

from django.db.models import Count, Max, Min
from django.db.models.functions import TruncMinute
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone

from broadsheet.identity import describe_voter

from .models import Ballot, Poll

BUCKET_CHOICES = [timedelta(minutes=m) for m in (1, 5, 15, 60, 360, 1440)]
MAX_BARS = 120


def timeline(poll):
    """Return (bucket size, [(start, ballots)]) covering the poll's ballots in at most 120 bars.

    Minutes are counted by the database; they are then merged into the smallest bucket that
    fits, so a burst of votes in one minute stands out as a spike.
    """
    ballots = Ballot.objects.filter(poll=poll)
    span = ballots.aggregate(first=Min("created_at"), last=Max("created_at"))
    if span["first"] is None:
        return BUCKET_CHOICES[0], []
    length = span["last"] - span["first"]
    # The smallest readable bucket that fits; a poll open for years gets whole days per bar.
    days = timedelta(days=1) * -(-length.days // MAX_BARS) if length.days else BUCKET_CHOICES[-1]
    bucket = next((b for b in BUCKET_CHOICES if length / b <= MAX_BARS), max(days, BUCKET_CHOICES[-1]))
    per_minute = ballots.annotate(minute=TruncMinute("created_at")).values("minute").annotate(n=Count("id"))
    start = span["first"].replace(second=0, microsecond=0)
    bars = [0] * (int(length / bucket) + 1)
    for row in per_minute:
        bars[min(int((row["minute"] - start) / bucket), len(bars) - 1)] += row["n"]
    return bucket, [(start + i * bucket, n) for i, n in enumerate(bars)]


def poll_report(request, pk):
    poll = get_object_or_404(Poll.objects.prefetch_related("options"), pk=pk)
    bucket, bars = timeline(poll)
    peak = max((n for _, n in bars), default=0)
    # SVG geometry: 6 units per bar, 100 units tall, tallest bar full height.
    shapes = [
        {"x": i * 6, "height": round(100 * n / peak, 2) if peak else 0, "start": start, "ballots": n}
        for i, (start, n) in enumerate(bars)
    ]
    for shape in shapes:
        shape["y"] = round(100 - shape["height"], 2)
    return TemplateResponse(
        request,
        "polls/admin/report.html",
        {
            "poll": poll,
            "results": poll.results(),
            "bars": shapes,
            "peak": peak,
            "bucket_minutes": int(bucket.total_seconds() // 60),
            "chart_width": max(len(bars), 1) * 6,
            "ballot_count": Ballot.objects.filter(poll=poll).count(),
            "now": timezone.now(),
            "header_title": f"Report: {poll.question}",
        },
    )


# A cell starting with one of these is a formula to Excel, LibreOffice and Google Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def spreadsheet_safe(text):
    """Return text an editor's spreadsheet shows as text, never runs: a leading quote disarms formulas."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class Echo:
    def write(self, value):
        return value


def ballots_csv(request, pk):
    """Stream the poll's ballots as CSV: time, option, pseudonymous voter and hashed network only."""
    poll = get_object_or_404(Poll, pk=pk)
    writer = csv.writer(Echo())
    rows = (
        Ballot.objects.filter(poll=poll)
        .order_by("created_at")
        .values_list("pk", "created_at", "option_id", "option__text", "voter", "network")
    )

    def lines():
        yield writer.writerow(["ballot", "cast_at_utc", "option_id", "option", "voter", "network_hash"])
        for pk_, cast_at, option_id, text, voter, network in rows.iterator(chunk_size=2000):
            yield writer.writerow(
                [pk_, cast_at.isoformat(), option_id, spreadsheet_safe(text), describe_voter(voter), network]
            )

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="poll-{poll.pk}-ballots.csv"'
    return response
