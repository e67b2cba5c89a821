"""The poll report for editors: results, ballots over time, refusals, and a CSV of ballots."""

import csv
from datetime import timedelta

from django.db.models import Count, Max, Min
from django.db.models.functions import TruncMinute
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timezone import localtime

from broadsheet.identity import describe_voter

from .models import Ballot, Poll

# Bar widths an editor reads at a glance, from a minute to a month.
BUCKET_CHOICES = [
    timedelta(minutes=m) for m in (1, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2 * 1440, 7 * 1440, 30 * 1440)
]
MAX_BARS = 120
AXIS_LABELS = 5


def describe(bucket):
    """Return a bar width in words: '15 minutes', '1 hour', '7 days'."""
    minutes = int(bucket.total_seconds() // 60)
    for unit, size in (("day", 1440), ("hour", 60), ("minute", 1)):
        if minutes % size == 0:
            count = minutes // size
            return f"{count} {unit}{'s' if count != 1 else ''}"
    return f"{minutes} minutes"


def timeline(poll):
    """Return (bucket size, [(start, ballots)]) from the poll's first ballot to its last, in at most 120 bars.

    The bar width is the smallest of BUCKET_CHOICES that covers the real span of voting within
    120 bars, so a burst in one minute still stands out as a spike. Minutes are counted by the
    database and merged into bars here.
    """
    ballots = Ballot.objects.filter(poll=poll)
    span = ballots.aggregate(first=Min("created_at"), last=Max("created_at"))
    if span["first"] is None:
        return BUCKET_CHOICES[0], []
    length = span["last"] - span["first"]
    bucket = next((b for b in BUCKET_CHOICES if length / b < MAX_BARS), None)
    if bucket is None:  # longer than ten years: whole months of thirty days, stretched to fit
        bucket = BUCKET_CHOICES[-1] * (int(length / (BUCKET_CHOICES[-1] * MAX_BARS)) + 1)
    start = span["first"].replace(second=0, microsecond=0)
    bars = [0] * (int((span["last"] - start) / bucket) + 1)
    per_minute = ballots.annotate(minute=TruncMinute("created_at")).values("minute").annotate(n=Count("id"))
    for row in per_minute:
        bars[min(max(int((row["minute"] - start) / bucket), 0), len(bars) - 1)] += row["n"]
    return bucket, [(start + i * bucket, n) for i, n in enumerate(bars)]


def axis_labels(bucket, bars):
    """Return up to five (percent from the left, label) marks along the time axis, first and last included."""
    if not bars:
        return []
    count = len(bars)
    picks = sorted({round(i * (count - 1) / (AXIS_LABELS - 1)) for i in range(AXIS_LABELS)}) if count > 1 else [0]
    shape = "j M Y" if bucket >= timedelta(days=1) else "j M Y, H:i"
    return [
        {"left": round(100 * (i + 0.5) / count, 2), "label": date_format(localtime(bars[i][0]), shape)} for i in picks
    ]


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
            "bucket": describe(bucket),
            "axis": axis_labels(bucket, bars),
            "first": bars[0][0] if bars else None,
            "last": bars[-1][0] + bucket if bars else None,
            "time_zone": timezone.get_current_timezone_name(),
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
