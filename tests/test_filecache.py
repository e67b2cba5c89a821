"""The embedded cache's `add` is a claim only one caller wins, across processes and threads."""

import fcntl
import multiprocessing
import queue
import shutil
import threading
import time

import pytest

from broadsheet import filecache
from broadsheet.filecache import ADD_LOCK, FileBasedCache

ROUNDS = 200


def claims(folder, barrier, wins):
    """Claim one fresh key a round, each round starting with every other racer's; count the wins."""
    cache = FileBasedCache(str(folder), {})
    won = 0
    for number in range(ROUNDS):
        barrier.wait(timeout=10)
        won += cache.add(f"claim:{number}", 1, timeout=60)
    wins.put(won)


@pytest.mark.parametrize("racers", ["processes", "threads"])
def test_two_racers_adding_the_same_keys_at_once_win_each_key_once(tmp_path, racers):
    if racers == "processes":
        context = multiprocessing.get_context("fork")
        barrier, wins = context.Barrier(2), context.Queue()
        runners = [context.Process(target=claims, args=(tmp_path, barrier, wins)) for _ in range(2)]
    else:
        barrier, wins = threading.Barrier(2), queue.Queue()
        runners = [threading.Thread(target=claims, args=(tmp_path, barrier, wins)) for _ in range(2)]
    try:
        for runner in runners:
            runner.start()
        totals = [wins.get(timeout=60), wins.get(timeout=60)]
    finally:
        for runner in runners:
            runner.join(timeout=10)
            if racers == "processes" and runner.is_alive():
                runner.terminate()
    assert sum(totals) == ROUNDS


def test_an_expired_claim_can_be_claimed_again_and_the_lock_is_no_entry(tmp_path, time_machine):
    time_machine.move_to(time.time(), tick=False)
    cache = FileBasedCache(str(tmp_path), {})
    assert cache.add("claim", 1, timeout=1)
    assert not cache.add("claim", 2, timeout=1)
    time_machine.shift(1.5)
    assert cache.add("claim", 3, timeout=60)
    assert cache.get("claim") == 3
    cache.clear()
    assert cache.add("claim", 4, timeout=60)  # the lock file outlived clear() and still works
    assert len([path for path in tmp_path.iterdir() if path.suffix == FileBasedCache.cache_suffix]) == 1


def test_add_works_after_the_cache_folder_was_removed(tmp_path):
    cache = FileBasedCache(str(tmp_path / "cache"), {})
    assert cache.add("a", 1)
    shutil.rmtree(tmp_path / "cache")
    assert cache.add("a", 2)
    assert cache.get("a") == 2


def test_an_add_that_waited_on_a_lock_removed_with_its_folder_takes_the_new_lock(tmp_path):
    folder = tmp_path / "cache"
    folder.mkdir()
    old_lock = (folder / ADD_LOCK).open("a")
    fcntl.flock(old_lock, fcntl.LOCK_EX)  # another process's add, under way
    done = threading.Event()
    waiting = threading.Thread(target=lambda: FileBasedCache(str(folder), {}).add("claim", 1) and done.set())
    waiting.start()
    time.sleep(0.2)
    shutil.rmtree(folder)  # the cache folder removed meanwhile; a third add makes it again
    folder.mkdir()
    new_lock = (folder / ADD_LOCK).open("a")
    fcntl.flock(new_lock, fcntl.LOCK_EX)
    old_lock.close()
    # The waiting add now holds a lock nobody else can see: it must go and wait on the new one.
    assert not done.wait(0.5)
    new_lock.close()
    waiting.join(timeout=5)
    assert done.is_set()


def test_culling_waits_until_the_lock_is_released(tmp_path, monkeypatch):
    monkeypatch.setattr(filecache, "CULL_EVERY", 1)
    cache = FileBasedCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 2}})
    held_while_culling = []

    def cull_and_look(self):
        probe = (tmp_path / ADD_LOCK).open("a")
        try:
            fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
            held_while_culling.append(False)
        except BlockingIOError:
            held_while_culling.append(True)
        finally:
            probe.close()

    monkeypatch.setattr(filecache.filebased.FileBasedCache, "_cull", cull_and_look)
    for number in range(4):
        assert cache.add(f"claim:{number}", 1)
    assert held_while_culling and not any(held_while_culling)
