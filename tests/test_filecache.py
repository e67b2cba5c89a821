"""The embedded cache's `add` is a claim only one caller wins, across processes and threads."""

import multiprocessing
import queue
import shutil
import threading
import time

import pytest

from broadsheet.filecache import FileBasedCache

ROUNDS = 200


def claims(folder, start, wins):
    """Claim one fresh key every 5 ms from `start` on, as every other racer does; count the wins."""
    cache = FileBasedCache(str(folder), {})
    won = 0
    for number in range(ROUNDS):
        while time.time() < start + number * 0.005:
            pass
        won += cache.add(f"claim:{number}", 1, timeout=60)
    wins.put(won)


@pytest.mark.parametrize("racers", ["processes", "threads"])
def test_two_racers_adding_the_same_keys_at_once_win_each_key_once(tmp_path, racers):
    start = time.time() + 0.5
    if racers == "processes":
        context = multiprocessing.get_context("fork")
        wins = context.Queue()
        runners = [context.Process(target=claims, args=(tmp_path, start, wins)) for _ in range(2)]
    else:
        wins = queue.Queue()
        runners = [threading.Thread(target=claims, args=(tmp_path, start, wins)) for _ in range(2)]
    for runner in runners:
        runner.start()
    for runner in runners:
        runner.join(timeout=30)
    assert wins.get(timeout=5) + wins.get(timeout=5) == ROUNDS


def test_an_expired_claim_can_be_claimed_again_and_the_lock_is_no_entry(tmp_path):
    cache = FileBasedCache(str(tmp_path), {})
    assert cache.add("claim", 1, timeout=1)
    assert not cache.add("claim", 2, timeout=1)
    time.sleep(1.1)
    assert cache.add("claim", 3, timeout=60)
    assert cache.get("claim") == 3
    cache.clear()
    assert cache.add("claim", 4, timeout=60)  # the lock file outlived clear() and still works
    assert len(cache._list_cache_files()) == 1


def test_add_works_after_the_cache_folder_was_removed(tmp_path):
    cache = FileBasedCache(str(tmp_path / "cache"), {})
    assert cache.add("a", 1)
    shutil.rmtree(tmp_path / "cache")
    assert cache.add("a", 2)
    assert cache.get("a") == 2
