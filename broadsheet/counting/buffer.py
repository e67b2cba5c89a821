"""Counts that may be lost in a crash but never make a reader wait: added up first, written in batches.

Views and short-link clicks arrive by the thousand a second in a spike. Writing each one would
queue every writer on SQLite's one lock, so counts are added up in a buffer and a flush every
COUNT_FLUSH_SECONDS writes the sums in one transaction. Where they are added up is chosen once,
by the COUNT_BUFFER setting: each process's memory (`MemoryCountBuffer`) or Redis, shared by all
processes (`RedisCountBuffer`). A graceful stop flushes what is left (a web worker through the
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

import redis
from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.utils.module_loading import import_string

log = logging.getLogger(__name__)

_buffers = {}
_after_flush = []
_flusher = None
_flusher_lock = threading.Lock()


class CountBuffer:
    """Sums of counts under a name, written by `write(sums)` ({key tuple: count}) at each flush.

    A backend says where the sums wait: `increment` adds to them, `take` hands over what was
    added so far, and `done` forgets a handed-over batch once it is written.
    """

    def __init__(self, name, write):
        self.name = name
        self.write = write

    def add(self, key, amount=1):
        """Count `amount` more for `key` (a tuple of ids, days, strings)."""
        self.increment(key, amount)
        start_flusher()

    def increment(self, key, amount):
        raise NotImplementedError

    def take(self):
        """Return (sums added since the last take, a handle to pass to `done` once they are written)."""
        raise NotImplementedError

    def done(self, handle):
        """Forget a batch from `take` now that its counts are written (or added back)."""

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
                self.increment(key, amount)
            self.done(handle)
            return 0
        self.done(handle)
        return sum(sums.values())


class MemoryCountBuffer(CountBuffer):
    """Sums kept in this process's memory: one process (`make run`), or counts each process writes alone."""

    def __init__(self, name, write):
        super().__init__(name, write)
        self._sums = Counter()
        self._lock = threading.Lock()

    def increment(self, key, amount):
        with self._lock:
            self._sums[key] += amount

    def take(self):
        with self._lock:
            sums, self._sums = self._sums, Counter()
        return dict(sums), None


# One connection pool per Redis address and process, shared by its buffers.
_redis_pools = {}


class RedisCountBuffer(CountBuffer):
    """Sums kept in a Redis hash shared by every process, so any process's flush writes everyone's counts.

    Taking a batch renames the hash: adds made meanwhile go to a fresh hash, and of several
    processes flushing at once only one gets each batch. The taken hash is deleted only after its
    counts are committed, so a process killed in between leaves it behind, and a later flush (of
    any process) claims it once it is clearly abandoned.
    """

    # A batch taken but not written for this long belongs to a process that died mid-flush.
    ABANDONED_AFTER_SECONDS = 120

    def __init__(self, name, write, *, location, key_prefix=""):
        super().__init__(name, write)
        self.key = f"{key_prefix}:counts:{name}"
        if location not in _redis_pools:
            _redis_pools[location] = redis.Redis.from_url(location, decode_responses=True)
        self.store = _redis_pools[location]

    def increment(self, key, amount):
        self.store.hincrby(self.key, json.dumps(key), amount)

    def take(self):
        taken = self.claim(self.key) or self.claim_abandoned()
        if taken is None:
            return {}, None
        raw = self.store.hgetall(taken)
        return {tuple(json.loads(k)): int(v) for k, v in raw.items()}, taken

    def claim(self, source):
        """Rename `source` to a fresh taken name of ours; return that name, or None if it is gone."""
        taken = f"{self.key}:taken:{int(time.time())}:{secrets.token_hex(6)}"
        try:
            self.store.rename(source, taken)
        except redis.ResponseError:  # nothing to rename: no counts since the last take, or another took them
            return None
        return taken

    def claim_abandoned(self):
        for name in self.store.scan_iter(f"{self.key}:taken:*"):
            taken_at = int(name.rsplit(":", 2)[-2])
            if taken_at < time.time() - self.ABANDONED_AFTER_SECONDS:
                claimed = self.claim(name)
                if claimed:
                    return claimed
        return None

    def done(self, handle):
        if handle is not None:
            self.store.delete(handle)


def make_count_buffer(name, write):
    """Return a new buffer of the COUNT_BUFFER backend, with that setting's other entries as its options."""
    options = {option.lower(): value for option, value in settings.COUNT_BUFFER.items() if option != "BACKEND"}
    return import_string(settings.COUNT_BUFFER["BACKEND"])(name, write, **options)


def count_buffer(name, write):
    """Return the process's buffer called `name` (made on first use), written by `write`."""
    if name not in _buffers:
        _buffers[name] = make_count_buffer(name, write)
    return _buffers[name]


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


def after_each_flush(callback):
    """Have the flushing thread call `callback()` after each periodic flush (e.g. to refresh most read)."""
    if callback not in _after_flush:
        _after_flush.append(callback)


def flush_all():
    """Write every buffer's counts now (a graceful stop, the process's exit, tests)."""
    written = 0
    for buffer in list(_buffers.values()):
        written += buffer.flush()
    return written


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
