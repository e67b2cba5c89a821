"""Counting clicks and misses: buffered, and added to the tables at each flush.

A click costs the reader nothing but a counter increment; the sums are written in one
transaction every COUNT_FLUSH_SECONDS by the shared count buffer (broadsheet/counting/buffer.py).
A reader's clicks on one link count once per half hour, and one network's at most
READERS_COUNTED_PER_NETWORK, decided as views are (broadsheet/counting/sightings.py).
"""

import re
from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone

from broadsheet.counting.buffer import add_counts, count_buffer
from broadsheet.counting.sightings import Sightings

from .models import DailyClicks, MissedCode, ShortLink

# What a miss is recorded as when it is not even printable text of a sensible length: one bucket,
# so a flood of random junk adds one row, not one per request.
MALFORMED = "(not a code)"
PRINTABLE = re.compile(r"[!-~]{1,40}")


def write_clicks(sums):
    """Add {(link id, day): clicks} to the daily counts, skipping links deleted since the click."""
    existing = set(ShortLink.objects.filter(pk__in={link for link, _ in sums}).values_list("pk", flat=True))
    rows = [(link, date.fromisoformat(day), n) for (link, day), n in sorted(sums.items()) if link in existing]
    add_counts(DailyClicks, ["link", "day"], "clicks", rows)


def write_misses(sums):
    """Add {(day, code): misses} to the daily misses, then keep only each day's most missed codes."""
    rows = [(date.fromisoformat(day), code, n) for (day, code), n in sorted(sums.items())]
    add_counts(MissedCode, ["day", "code"], "misses", rows)
    keep = settings.SHORT_LINK_MISSES_KEPT_PER_DAY
    for day in {row[0] for row in rows}:
        codes = MissedCode.objects.filter(day=day).exclude(code=MissedCode.TOTAL)
        kept = codes.order_by("-misses", "code").values_list("pk", flat=True)[:keep]
        codes.exclude(pk__in=list(kept)).delete()
    oldest_kept = timezone.localdate() - timedelta(days=settings.SHORT_LINK_MISSES_KEEP_DAYS)
    MissedCode.objects.filter(day__lt=oldest_kept).delete()


def write_first_clicks(firsts):
    """Add counted clicks ([(link id, moment, "")]) to the daily counts, by the newsroom's day."""
    sums = {}
    for link_id, moment, _ in firsts:
        key = (link_id, timezone.localdate(moment).isoformat())
        sums[key] = sums.get(key, 0) + 1
    write_clicks(sums)


# Made at import, so every process (web workers, management commands) knows both buffers.
first_clicks = Sightings("links.clicks", write_first_clicks)
# The buffer itself, for tests and the flush (its sums are sightings, decided when written).
clicks = first_clicks.buffer
misses = count_buffer("links.misses", write_misses)


def count_click(link_id, reader, now=None):
    """Count a reader's click on the link with this id (once per reader and half hour)."""
    first_clicks.note(thing_id=link_id, reader=reader, now=now or timezone.now())


def record_miss(code):
    """Count a request for a code that leads nowhere, and the day's total of such requests."""
    day = timezone.localdate().isoformat()
    misses.add((day, code if PRINTABLE.fullmatch(code) else MALFORMED), 1)
    misses.add((day, MissedCode.TOTAL), 1)
