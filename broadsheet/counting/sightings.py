"""Counting a reader once: a view of an article or a click on a short link, once per reader per half hour.

A reader is recognised without a cookie, by the daily-salted hash of network and browser
(`Reader.visitor_hash`). A script that changes its browser string on every request would be a new
reader each time, so what one network adds to one article's (or link's) count in a half hour is
capped as well (READERS_COUNTED_PER_NETWORK): a household counts in full, a script a few at most.

Both rules are kept here, for every kind of count (`Sightings`), whichever buffer COUNT_BUFFER
chose. Sightings are noted in a count buffer (each process's memory, or Redis shared by all) and
decided at each flush: one statement per batch keeps a mark per reader and thing in the database
and returns the marks that were new or older than the window; a network's share is kept the same
way, as numbered places per network, thing and half hour, claimed only while free. The statements are atomic per
mark, so two processes flushing the same reader at once count it once, on SQLite and PostgreSQL.

A mark is a hash of hashes (never an address or a browser string), deleted once its window is over.
"""

import hashlib
import time
from datetime import UTC, datetime

from django.conf import settings
from django.db import connection

from .buffer import count_buffer
from .models import SeenReader

# One reader counts once per thing in this window; a network's share is counted per window too.
WINDOW_SECONDS = 30 * 60
BATCH = 500
PRUNE_EVERY_SECONDS = 60
_pruned_at = 0.0


def mark_of(*parts):
    return hashlib.blake2b("|".join(map(str, parts)).encode(), digest_size=16).hexdigest()


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


class Sightings:
    """Readers seeing one kind of thing (an article, a short link), each counted once per window.

    `count(firsts)` writes what was counted, in the flush's transaction: `firsts` is a list of
    (thing id, moment as a UTC datetime, detail), where detail is what the caller noted with it
    (a referring domain, or "").
    """

    def __init__(self, name, count):
        self.name = name
        self.count = count
        # A buffer name of its own: before sightings, "metrics.views" and "links.clicks" held sums
        # keyed by (thing, hour or day), which this writer cannot read. Redis may still hold such
        # keys after an upgrade; under a new name they are never mixed with sightings.
        self.buffer = count_buffer(f"{name}.sightings", self.write)

    def note(self, *, thing_id, reader, now, detail=""):
        """Note that `reader` saw the thing now; it is counted at the next flush if it is a first sighting."""
        visitor = reader.visitor_hash(now.date())
        # Networks on the allowlist (offices, schools) share one address between many readers.
        network = "" if reader.is_exempt_from_network_limits else reader.network
        self.buffer.add((mark_of(self.name, thing_id, visitor), network, thing_id, int(now.timestamp()), detail))

    def write(self, sums):
        """Count the sightings that are a reader's first in the window, within their network's share."""
        earliest = {}
        for mark, network, thing_id, seen_at, detail in sorted(sums, key=lambda sighting: sighting[3]):
            earliest.setdefault(mark, (network, thing_id, seen_at, detail))
        firsts = first_sightings({mark: seen[2] for mark, seen in earliest.items()}, WINDOW_SECONDS)
        shares = {}
        for mark in firsts:
            network, thing_id, seen_at, detail = earliest[mark]
            shares.setdefault((network, thing_id, seen_at // WINDOW_SECONDS), []).append((seen_at, detail))
        claimed = self.claim_places({share: len(seen) for share, seen in shares.items() if share[0]})
        counted = []
        for share, seen in shares.items():
            seen.sort()
            if share[0]:
                seen = seen[: claimed[share]]
            counted.extend((share[1], datetime.fromtimestamp(seen_at, UTC), detail) for seen_at, detail in seen)
        self.count(counted)

    def claim_places(self, wanted):
        """Claim places in networks' shares; return how many each got.

        `wanted` is {(network, thing id, window): places wanted}. A share has
        READERS_COUNTED_PER_NETWORK numbered places; they are tried in order, all shares' next
        places in one batch per round, so a flush of thousands of new networks (a spike) costs a
        few statements, not two per network. A place another process holds is simply not won:
        only places a statement of ours set count, so a share is never counted twice.
        """
        claimed = dict.fromkeys(wanted, 0)
        tried = dict.fromkeys(wanted, 0)
        pending = set(wanted)
        while pending:
            attempt = {}
            for share in pending:
                network, thing_id, window = share
                upto = min(settings.READERS_COUNTED_PER_NETWORK, tried[share] + wanted[share] - claimed[share])
                for n in range(tried[share], upto):
                    attempt[mark_of(self.name, thing_id, network, window, n)] = share
                tried[share] = upto
            starts = {place: share[2] * WINDOW_SECONDS for place, share in attempt.items()}
            won = first_sightings(starts, WINDOW_SECONDS)
            for place in won:
                claimed[attempt[place]] += 1
            pending = {
                share
                for share in pending
                if claimed[share] < wanted[share] and tried[share] < settings.READERS_COUNTED_PER_NETWORK
            }
        return claimed


def forget_when_due(window=WINDOW_SECONDS):
    """Delete marks older than the window, at most once a minute (the flushing thread calls this, apps.py)."""
    global _pruned_at
    if time.monotonic() - _pruned_at >= PRUNE_EVERY_SECONDS:
        _pruned_at = time.monotonic()
        SeenReader.objects.filter(seen_at__lt=int(time.time()) - window).delete()
