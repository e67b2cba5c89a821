"""Counts that may be lost in a crash but never make a reader wait: added in memory, written in batches.

Views and short-link clicks arrive by the thousand a second in a spike. Writing each one would
queue every writer on SQLite's one lock, so each process adds them up (or Redis does, with
REDIS_URL, shared by all processes) and a flush every COUNT_FLUSH_SECONDS writes the sums in
one transaction. A graceful stop flushes what is left (a web worker through the
`worker_stopping` signal, any other process at exit); a crash loses at most one interval.
Ballots and comments never come through here: they are written at once.
"""

import atexit
import json
import logging
import secrets
import threading
import time
from collections import Counter

from django.conf import settings
from django.db import close_old_connections, connection, transaction

log = logging.getLogger(__name__)

# A batch taken from Redis but not written for this long belongs to a process that died mid-flush.
ABANDONED_AFTER_SECONDS = 120
_buffers = {}
_after_flush = []
_flusher = None
_flusher_lock = threading.Lock()


class CountBuffer:
    """Sums of counts under a name, written by `write(sums)` ({key tuple: count}) at each flush."""

    def __init__(self, name, write):
        self.name = name
        self.write = write
        self._sums = Counter()
        self._lock = threading.Lock()

    def add(self, key, amount=1):
        """Count `amount` more for `key` (a tuple of ids, days, strings)."""
        store = redis_client()
        if store is not None:
            store.hincrby(self.redis_key, json.dumps(key), amount)
        else:
            with self._lock:
                self._sums[key] += amount
        start_flusher()

    @property
    def redis_key(self):
        return f"{settings.CACHES['default'].get('KEY_PREFIX', '')}:counts:{self.name}"

    def take(self):
        """Return (sums added since the last take, a handle to pass to `done` once they are written)."""
        store = redis_client()
        if store is None:
            with self._lock:
                sums, self._sums = self._sums, Counter()
            return dict(sums), None
        # Renaming makes the hand-over atomic: adds made meanwhile go to a fresh hash, and of
        # several processes flushing at once only one gets each batch. The taken hash is deleted
        # only after its counts are committed, so a process killed in between leaves it behind,
        # and a later flush claims it once it is clearly abandoned.
        taken = self.claim(self.redis_key)
        if taken is None:
            taken = self.claim_abandoned()
        if taken is None:
            return {}, None
        raw = store.hgetall(taken)
        return {tuple(json.loads(k)): int(v) for k, v in raw.items()}, taken

    def claim(self, source):
        """Rename `source` to a fresh taken name of ours; return that name, or None if it is gone."""
        taken = f"{self.redis_key}:taken:{int(time.time())}:{secrets.token_hex(6)}"
        try:
            redis_client().rename(source, taken)
        except Exception:  # noqa: BLE001  (redis raises ResponseError when there is nothing to rename)
            return None
        return taken

    def claim_abandoned(self):
        for name in redis_client().scan_iter(f"{self.redis_key}:taken:*"):
            taken_at = int(name.rsplit(":", 2)[-2])
            if taken_at < time.time() - ABANDONED_AFTER_SECONDS:
                claimed = self.claim(name)
                if claimed:
                    return claimed
        return None

    def done(self, handle):
        if handle is not None:
            redis_client().delete(handle)

    def flush(self):
        """Write what has been added; return how many counts were written."""
        sums, handle = self.take()
        if not sums:
            self.done(handle)
            return 0
        try:
            with transaction.atomic():
                self.write(sums)
        except Exception:
            # Put the counts back for the next flush rather than lose a batch to a locked database.
            log.exception("Could not write %s counts; keeping them for the next flush", self.name)
            for key, amount in sums.items():
                self.add(key, amount)
            self.done(handle)
            return 0
        self.done(handle)
        return sum(sums.values())


def add_counts(model, key_fields, count_field, rows):
    """Add each row's count to its row of `model` (made at 0 first): one upsert for SQLite and PostgreSQL.

    Django's update_conflicts replaces the stored value; a count must be added to, in the
    database, so two flushing processes never overwrite each other. `rows` are tuples of the key
    fields' values followed by the count.
    """
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = [quote(model._meta.get_field(f).column) for f in key_fields]
    count = quote(count_field)
    placeholders = ", ".join(["%s"] * (len(columns) + 1))
    # Names come from our own models' Meta and every value is a parameter (bandit B608 checked).
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}, {count}) VALUES ({placeholders}) "  # nosec B608
        f"ON CONFLICT ({', '.join(columns)}) DO UPDATE SET {count} = {table}.{count} + excluded.{count}"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def count_buffer(name, write):
    """Return the process's buffer called `name` (made on first use), written by `write`."""
    if name not in _buffers:
        _buffers[name] = CountBuffer(name, write)
    return _buffers[name]


def after_each_flush(callback):
    """Have the flushing thread call `callback()` after each periodic flush (e.g. to refresh most read)."""
    if callback not in _after_flush:
        _after_flush.append(callback)


def flush_all():
    """Write every buffer's counts now (tests, a graceful stop, a test)."""
    written = 0
    for buffer in list(_buffers.values()):
        written += buffer.flush()
    return written


_redis = None


def redis_client():
    global _redis
    if not settings.REDIS_URL:
        return None
    if _redis is None:
        import redis

        _redis = redis.Redis.from_url(settings.REDIS_URL, decode_responses=True)
    return _redis


def start_flusher():
    """Start this process's flushing thread once; it also flushes when the process exits normally."""
    global _flusher
    if _flusher is not None or not settings.COUNT_FLUSH_SECONDS:
        return
    with _flusher_lock:
        if _flusher is not None:
            return
        _flusher = threading.Thread(target=flush_forever, name="count-flusher", daemon=True)
        _flusher.start()
        atexit.register(flush_at_exit)


def flush_forever():
    while True:
        time.sleep(settings.COUNT_FLUSH_SECONDS)
        try:
            flush_all()
            for callback in _after_flush:
                callback()
        except Exception:  # noqa: BLE001  (the thread must outlive one bad flush; the error is logged)
            log.exception("Periodic flush failed")
        finally:
            close_old_connections()


def flush_at_exit():
    try:
        flush_all()
    except Exception:  # noqa: BLE001  (the process is ending; say so and go)
        log.exception("Could not write the last counts at exit")
