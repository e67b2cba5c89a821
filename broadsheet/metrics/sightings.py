"""Whether a view is a reader's first of an article in half an hour, decided in batches (without Redis).

With Redis, one `SET NX EX` per beacon answers it. The embedded default has no shared memory
between web processes, and a file per reader in the file cache cost most of a beacon (creating a
file is slow on a busy disk). So each process notes its sightings in memory and, at each flush,
one statement per batch keeps a mark per reader and article in the database and returns the marks
that were new or older than the window: only those are counted. The statement is atomic per mark,
so two processes flushing the same reader at once count it once, on SQLite and PostgreSQL.

A mark is a hash of the article and the daily-salted visitor hash (never the address), and it is
deleted half an hour after it was last set.
"""

import hashlib
import time
from datetime import UTC, datetime

from django.db import connection

from .buffer import add_counts
from .models import HourlyViews, Referral, SeenReader, ViewTotal

BATCH = 500
PRUNE_EVERY_SECONDS = 60
_pruned_at = 0.0


def mark_of(article_id, visitor_hash):
    return hashlib.blake2b(f"{article_id}|{visitor_hash}".encode(), digest_size=16).hexdigest()


def sighting(*, article_id, visitor_hash, seen_at, domain):
    """Return the buffer key of a reader's view of an article at `seen_at` (counted at a flush if new)."""
    return (mark_of(article_id, visitor_hash), article_id, int(seen_at.timestamp()), domain)


def first_sightings(batch, window):
    """Return the marks of `batch` ({mark: seen_at}) not set within `window` seconds before, setting them."""
    table = connection.ops.quote_name(SeenReader._meta.db_table)
    found = set()
    items = list(batch.items())
    with connection.cursor() as cursor:
        for start in range(0, len(items), BATCH):
            chunk = items[start : start + BATCH]
            values = ", ".join(["(%s, %s)"] * len(chunk))
            # The table name is our model's; every value is a parameter (bandit B608 checked).
            sql = (
                f"INSERT INTO {table} (mark, seen_at) VALUES {values} "  # nosec B608
                f"ON CONFLICT (mark) DO UPDATE SET seen_at = excluded.seen_at "
                f"WHERE {table}.seen_at <= excluded.seen_at - %s RETURNING mark"
            )
            cursor.execute(sql, [value for pair in chunk for value in pair] + [window])
            found.update(row[0] for row in cursor.fetchall())
    return found


def write_sightings(sums, *, window, existing_articles):
    """Count the sightings that are first sightings in `window` seconds: views per hour, totals, referrals.

    `existing_articles(ids)` says which articles still exist (one may be deleted before the flush).
    """
    earliest = {}
    for mark, article_id, seen_at, domain in sorted(sums, key=lambda sighting: sighting[2]):
        earliest.setdefault(mark, (article_id, seen_at, domain))
    counted = first_sightings({mark: seen_at for mark, (_, seen_at, _) in earliest.items()}, window)
    alive = existing_articles({article_id for article_id, _, _ in earliest.values()})
    hourly, totals, referrals = {}, {}, {}
    for mark in counted:
        article_id, seen_at, domain = earliest[mark]
        if article_id not in alive:
            continue
        moment = datetime.fromtimestamp(seen_at, UTC)
        hour = moment.replace(minute=0, second=0, microsecond=0)
        hourly[(article_id, hour)] = hourly.get((article_id, hour), 0) + 1
        totals[article_id] = totals.get(article_id, 0) + 1
        if domain:
            key = (article_id, moment.date(), domain)
            referrals[key] = referrals.get(key, 0) + 1
    adapt = connection.ops.adapt_datetimefield_value
    add_counts(HourlyViews, ["article", "hour"], "views", [(a, adapt(h), n) for (a, h), n in hourly.items()])
    add_counts(ViewTotal, ["article"], "views", list(totals.items()))
    add_counts(
        Referral, ["article", "day", "domain"], "views", [(a, d, dom, n) for (a, d, dom), n in referrals.items()]
    )


def forget_when_due(window):
    """Delete marks older than the window, at most once a minute (the flushing thread calls this)."""
    global _pruned_at
    if time.monotonic() - _pruned_at >= PRUNE_EVERY_SECONDS:
        _pruned_at = time.monotonic()
        SeenReader.objects.filter(seen_at__lt=int(time.time()) - window).delete()
