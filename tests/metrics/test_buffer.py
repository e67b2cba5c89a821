"""The count buffer: sums written in batches, never lost to a failed write or a process killed mid-flush."""

import time

import pytest
from django.conf import settings

from broadsheet.metrics.buffer import add_counts, count_buffer, redis_client
from broadsheet.metrics.models import ViewTotal

written = []


def remember(sums):
    written.append(dict(sums))


@pytest.fixture
def buffer(db):
    written.clear()
    made = count_buffer("tests.remembered", remember)
    made.flush()
    written.clear()
    return made


def test_sums_are_written_once_per_flush(buffer):
    buffer.add((1, "a"))
    buffer.add((1, "a"), 2)
    buffer.add((2, "b"))
    assert buffer.flush() == 4
    assert written == [{(1, "a"): 3, (2, "b"): 1}]
    assert buffer.flush() == 0


def test_a_failed_write_keeps_the_counts_for_the_next_flush(buffer, monkeypatch):
    buffer.add((7, "x"), 5)

    def locked(sums):
        raise RuntimeError("database is locked")

    monkeypatch.setattr(buffer, "write", locked)
    assert buffer.flush() == 0
    monkeypatch.setattr(buffer, "write", remember)
    assert buffer.flush() == 5
    assert written == [{(7, "x"): 5}]


def test_flushes_add_to_stored_counts(make_article):
    article = make_article("Counted twice")
    add_counts(ViewTotal, ["article"], "views", [(article.pk, 3)])
    add_counts(ViewTotal, ["article"], "views", [(article.pk, 4)])
    assert ViewTotal.objects.get(article=article).views == 7


@pytest.mark.skipif(not settings.REDIS_URL, reason="the shared buffer lives in Redis only with REDIS_URL")
def test_a_batch_left_by_a_process_killed_mid_flush_is_written_by_another(buffer):
    store = redis_client()
    buffer.add((3, "z"), 9)
    # A process took the batch (renamed it) an hour ago and was killed before writing it.
    abandoned = f"{buffer.redis_key}:taken:{int(time.time()) - 3600}:dead"
    store.rename(buffer.redis_key, abandoned)
    buffer.add((4, "y"), 1)
    assert buffer.flush() == 1  # what is new first
    assert buffer.flush() == 9  # then what was abandoned
    assert written == [{(4, "y"): 1}, {(3, "z"): 9}]
    assert not store.exists(abandoned)


@pytest.mark.skipif(not settings.REDIS_URL, reason="the shared buffer lives in Redis only with REDIS_URL")
def test_a_batch_another_process_is_writing_right_now_is_left_alone(buffer):
    store = redis_client()
    buffer.add((5, "w"), 2)
    in_progress = f"{buffer.redis_key}:taken:{int(time.time())}:alive"
    store.rename(buffer.redis_key, in_progress)
    assert buffer.flush() == 0
    assert store.exists(in_progress)
    store.delete(in_progress)
