"""Counting clicks and misses: buffered in memory (or Redis) and added to the tables at each flush.

A click costs the reader nothing but a counter increment; the sums are written in one
transaction every COUNT_FLUSH_SECONDS by the shared count buffer (broadsheet/metrics/buffer.py).
"""

import re
from datetime import date, timedelta

from django.conf import settings
from django.db import connection
from django.utils import timezone

from broadsheet.metrics.buffer import count_buffer

from .models import DailyClicks, MissedCode, ShortLink

# What a miss is recorded as when it is not even printable text of a sensible length: one bucket,
# so a flood of random junk adds one row, not one per request.
MALFORMED = "(not a code)"
PRINTABLE = re.compile(r"[!-~]{1,40}")


def add_counts(model, key_fields, count_field, rows):
    """Add each row's count to its row of `model` (made at 0 first): one upsert for SQLite and PostgreSQL.

    Django's update_conflicts replaces the stored value; a count must be added to, in the
    database, so two flushing processes never overwrite each other.
    """
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = [quote(model._meta.get_field(f).column) for f in key_fields]
    count = quote(count_field)
    placeholders = ", ".join(["%s"] * (len(columns) + 1))
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}, {count}) VALUES ({placeholders}) "
        f"ON CONFLICT ({', '.join(columns)}) DO UPDATE SET {count} = {table}.{count} + excluded.{count}"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


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


# Made at import, so every process (web workers, `manage.py flush_counts`) knows both buffers.
clicks = count_buffer("links.clicks", write_clicks)
misses = count_buffer("links.misses", write_misses)


def count_click(link):
    """Count one reader's click on `link` today."""
    clicks.add((link.pk, timezone.localdate().isoformat()), 1)


def record_miss(code):
    """Count a request for a code that leads nowhere, and the day's total of such requests."""
    day = timezone.localdate().isoformat()
    misses.add((day, code if PRINTABLE.fullmatch(code) else MALFORMED), 1)
    misses.add((day, MissedCode.TOTAL), 1)
