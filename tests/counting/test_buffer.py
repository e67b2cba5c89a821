"""The count buffers: sums written in batches, never lost to a failed write, a race or a process killed mid-flush.

The behaviours every backend promises run against both, the in-process memory buffer and the
Redis one; what only Redis can do (a batch left by a dead process) runs against Redis alone. The
Redis tests use a database of the local Redis that the test runs' caches do not use, and a key
prefix of their own, deleted after each test; they are skipped only where no Redis answers.
"""

import secrets
import threading

import pytest
import redis
from django.db import OperationalError, connection

from broadsheet.counting.buffer import MemoryCountBuffer, RedisCountBuffer, add_counts, make_count_buffer
from broadsheet.metrics.models import ViewTotal

REDIS = "redis://127.0.0.1:6379/9"


class Batches:
    """A buffer's `write`: remembers each batch it is given (two buffers may flush at once)."""

    def __init__(self):
        self.written = []
        self.lock = threading.Lock()

    def __call__(self, sums):
        with self.lock:
            self.written.append(dict(sums))

    def total(self):
        return sum(sum(batch.values()) for batch in self.written)


@pytest.fixture
def redis_prefix():
    """Return a key prefix of this test's own on the tests' Redis database; its keys are deleted after the test."""
    store = redis.Redis.from_url(REDIS, decode_responses=True)
    try:
        store.ping()
    except redis.ConnectionError:
        pytest.skip(f"no Redis answers at {REDIS}")
    prefix = f"tests-{secrets.token_hex(6)}"
    yield prefix
    for key in store.scan_iter(f"{prefix}:*"):
        store.delete(key)
    store.close()


@pytest.fixture(params=["memory", "redis"])
def process(request):
    """Return `process(name, write)`: the buffer called `name` in a new process, of one backend or the other.

    Two buffers of one name made by it are that buffer in two processes of one deployment: with
    Redis they share the counts, in memory each keeps its own.
    """
    if request.param == "memory":
        return MemoryCountBuffer
    prefix = request.getfixturevalue("redis_prefix")
    return lambda name, write: RedisCountBuffer(name, write, location=REDIS, key_prefix=prefix)


def test_sums_are_written_once_per_flush(db, process):
    batches = Batches()
    buffer = process("tests.sums", batches)
    buffer.add((1, "a"))
    buffer.add((1, "a"), 2)
    buffer.add((2, "b"))
    assert buffer.flush() == 4
    assert batches.written == [{(1, "a"): 3, (2, "b"): 1}]
    assert buffer.flush() == 0
    assert batches.written == [{(1, "a"): 3, (2, "b"): 1}]


def test_keys_are_written_as_the_tuples_they_were_added_as(db, process):
    batches = Batches()
    buffer = process("tests.keys", batches)
    buffer.add((7, "2026-11-28", "news.example.net"))
    buffer.add(("a1b2c3", "", 42, 1795867200, ""))
    buffer.flush()
    assert batches.written == [{(7, "2026-11-28", "news.example.net"): 1, ("a1b2c3", "", 42, 1795867200, ""): 1}]


def test_a_failed_write_keeps_the_counts_for_the_next_flush(db, process, caplog):
    attempts = []

    def locked_once(sums):
        attempts.append(dict(sums))
        if len(attempts) == 1:
            raise OperationalError("database is locked")

    buffer = process("tests.locked", locked_once)
    buffer.add((7, "x"), 5)
    assert buffer.flush() == 0
    assert "keeping them for the next flush" in caplog.text
    buffer.add((7, "x"))
    assert buffer.flush() == 6
    assert attempts == [{(7, "x"): 5}, {(7, "x"): 6}]
    assert buffer.flush() == 0


# The flushing threads open connections of their own, which must not wait on a test transaction
# (SQLite's write lock): a transactional test, whose flush afterwards must give the rest of the
# suite its data back (Wagtail's root page among it).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_counts_added_while_two_processes_flush_are_each_written_once(process):
    # Two processes of one deployment add to the same counts and flush on their own clocks,
    # racing each other and the adds: every count must be written, none twice.
    batches = Batches()
    buffers = [process("tests.race", batches), process("tests.race", batches)]
    adding = threading.Event()

    def add(buffer, reader):
        for n in range(500):
            buffer.add((n % 7, f"reader-{reader}"))

    def flush(buffer):
        try:
            while adding.is_set():
                buffer.flush()
        finally:
            connection.close()

    adders = [threading.Thread(target=add, args=(buffers[n % 2], n)) for n in range(4)]
    flushers = [threading.Thread(target=flush, args=(buffer,)) for buffer in buffers]
    adding.set()
    for thread in flushers + adders:
        thread.start()
    for thread in adders:
        thread.join()
    adding.clear()
    for thread in flushers:
        thread.join()
    for buffer in buffers:
        buffer.flush()
    assert batches.total() == 4 * 500
    written = {}
    for batch in batches.written:
        for key, amount in batch.items():
            written[key] = written.get(key, 0) + amount
    assert written == {(n, f"reader-{reader}"): 72 if n < 3 else 71 for n in range(7) for reader in range(4)}


def test_in_redis_one_process_flush_writes_the_counts_of_every_process(db, redis_prefix):
    batches = Batches()
    web, other_web = (
        RedisCountBuffer("tests.shared", batches, location=REDIS, key_prefix=redis_prefix) for _ in range(2)
    )
    web.add((1, "a"), 2)
    other_web.add((1, "a"), 3)
    assert other_web.flush() == 5
    assert web.flush() == 0
    assert batches.written == [{(1, "a"): 5}]


def test_a_batch_left_by_a_process_killed_mid_flush_is_written_by_another(db, redis_prefix):
    batches = Batches()
    killed, survivor = (
        RedisCountBuffer("tests.killed", batches, location=REDIS, key_prefix=redis_prefix) for _ in range(2)
    )
    killed.add((3, "z"), 9)
    killed.take()  # and the process dies before writing the batch or letting it go
    killed.add((4, "y"))  # counted by another request meanwhile
    assert survivor.flush() == 1  # what is new first; the taken batch may still be being written
    assert survivor.flush() == 0
    # Seen once ABANDONED_AFTER_SECONDS have passed, the batch is clearly its dead taker's.
    survivor.ABANDONED_AFTER_SECONDS = -1
    assert survivor.flush() == 9
    assert survivor.flush() == 0
    assert batches.written == [{(4, "y"): 1}, {(3, "z"): 9}]
    assert list(survivor.store.scan_iter(f"{redis_prefix}:*")) == []


def test_a_batch_another_process_is_writing_right_now_is_left_alone(db, redis_prefix):
    batches = Batches()
    writing, other = (
        RedisCountBuffer("tests.writing", batches, location=REDIS, key_prefix=redis_prefix) for _ in range(2)
    )
    writing.add((5, "w"), 2)
    sums, handle = writing.take()
    assert other.flush() == 0
    writing.write(sums)
    writing.done(handle)
    assert other.flush() == 0
    assert batches.written == [{(5, "w"): 2}]
    assert list(other.store.scan_iter(f"{redis_prefix}:*")) == []


def test_the_backend_is_the_one_count_buffer_names(settings, redis_prefix):
    settings.COUNT_BUFFER = {"BACKEND": "broadsheet.counting.buffer.MemoryCountBuffer"}
    assert type(make_count_buffer("tests.chosen", Batches())) is MemoryCountBuffer
    settings.COUNT_BUFFER = {
        "BACKEND": "broadsheet.counting.buffer.RedisCountBuffer",
        "LOCATION": REDIS,
        "KEY_PREFIX": redis_prefix,
    }
    chosen = make_count_buffer("tests.chosen", Batches())
    assert type(chosen) is RedisCountBuffer
    chosen.add((1,))
    assert chosen.store.hgetall(f"{redis_prefix}:counts:tests.chosen") == {"[1]": "1"}


def test_flushes_add_to_stored_counts(make_article):
    article = make_article("Counted twice")
    add_counts(ViewTotal, ["article"], "views", [(article.pk, 3)])
    add_counts(ViewTotal, ["article"], "views", [(article.pk, 4)])
    assert ViewTotal.objects.get(article=article).views == 7
