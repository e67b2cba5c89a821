"""Whether a reader has been counted for an article in the last half hour, shared by every process.

With Redis this is one `SET NX EX` in the shared cache. Without it (the embedded default) the
shared cache is Django's file cache, whose `add` writes a pickled temporary file and renames it
into a folder that also holds every cached page: measured at most of a beacon's cost. Here a mark
is an empty file created with O_EXCL (one system call, atomic between processes) in a folder of its
own, dated by its modification time and removed once older than the window by the flushing thread.
The file's name is a hash of article and the daily-salted visitor hash; nothing else is kept.
"""

import hashlib
import os
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import cache

SHARDS = 256
SWEEP_EVERY_SECONDS = 60
_folder = None
_swept_at = 0.0


def folder():
    global _folder
    if _folder is None:
        location = Path(settings.CACHES["default"]["LOCATION"]) / "seen"
        for shard in range(SHARDS):
            (location / f"{shard:02x}").mkdir(parents=True, exist_ok=True)
        _folder = location
    return _folder


def uses_files():
    return not settings.REDIS_URL


def first_sight(key, seconds):
    """Mark `key` as seen for `seconds`; return True if it was not marked (or its mark had expired)."""
    if not uses_files():
        return cache.add(key, 1, timeout=seconds)
    name = hashlib.blake2b(key.encode(), digest_size=16).hexdigest()
    path = folder() / name[:2] / name
    now = time.time()
    try:
        mark = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        pass
    except FileNotFoundError:  # the folder was removed under us (the cache was cleared)
        global _folder
        _folder = None
        return first_sight(key, seconds)
    else:
        try:
            os.utime(mark, (now, now))  # dated by our clock (the one the window is measured by)
        finally:
            os.close(mark)
        return True
    try:
        if 0 <= now - os.stat(path).st_mtime < seconds:
            return False
        os.utime(path, (now, now))  # an old mark: this is a new view, and the window starts again
        return True
    except FileNotFoundError:  # swept between the two calls: a new mark next time
        return first_sight(key, seconds)


def sweep(seconds=None):
    """Remove marks older than `seconds` (all of them for None); return how many."""
    if not uses_files():
        return 0
    removed = 0
    oldest = float("inf") if seconds is None else time.time() - seconds
    for shard in folder().iterdir():
        try:
            entries = list(os.scandir(shard))
        except FileNotFoundError:
            continue
        for entry in entries:
            try:
                if entry.stat().st_mtime < oldest:
                    os.unlink(entry.path)
                    removed += 1
            except FileNotFoundError:
                continue
    return removed


def sweep_when_due(seconds):
    """Sweep at most once a minute (the flushing thread calls this after every flush)."""
    global _swept_at
    if time.monotonic() - _swept_at >= SWEEP_EVERY_SECONDS:
        _swept_at = time.monotonic()
        sweep(seconds)


def forget_everyone():
    """Remove every mark from the files (tests; with Redis, clearing the cache removes them)."""
    if uses_files():
        sweep()
