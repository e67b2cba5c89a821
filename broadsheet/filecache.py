"""Django's file cache, culling now and then rather than before every write, with an atomic `add`.

Django's FileBasedCache lists every file of the cache before each write to decide whether to
cull. With the page cache, view counters and rate limits in one folder that is tens of thousands
of files per write: measured at 25 ms a view beacon, nearly all of it the listing. Checking every
CULL_EVERY writes instead keeps the folder bounded (at most CULL_EVERY writes over MAX_ENTRIES
per thread) at a fraction of the cost.

Django's `add` looks for the key and then writes it: two processes asking at once both find
nothing and both win (measured: 296 of 300 keys claimed twice by two processes started together).
The page cache's one render per page (single flight) is such a claim, so here `add` holds a lock
on the cache folder between the look and the write, as Redis's SET NX is atomic.
"""

import fcntl
import os

from django.core.cache.backends import filebased
from django.core.cache.backends.base import DEFAULT_TIMEOUT

from broadsheet.private_apis import cull_file_cache, file_cache_folder

CULL_EVERY = 500
ADD_LOCK = ".add.lock"  # not a `.djcache` file: never culled, never counted as an entry
LOCK_ATTEMPTS = 5


class FileBasedCache(filebased.FileBasedCache):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django keeps one cache object per thread: these need no lock.
        self._writes_since_cull = 0
        self._adding = False
        self._cull_due = False

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return self._add_under_lock(key, value, timeout, version)
        finally:
            if self._cull_due:  # culling lists and deletes thousands of files: not while others wait
                self._cull_due = False
                cull_file_cache(self)

    def _add_under_lock(self, key, value, timeout, version):
        # An flock belongs to the open file: each call opens its own, so threads of one process
        # exclude each other as other processes do. Only adds take it; a plain `set` or `delete`
        # meanwhile lands before or after the add, as it would on Redis.
        for _ in range(LOCK_ATTEMPTS):
            path = os.path.join(file_cache_folder(self), ADD_LOCK)
            try:
                lock = open(path, "a")  # noqa: SIM115 (closed by the with below)
            except FileNotFoundError:
                continue  # the folder was removed between the two lines
            with lock:
                fcntl.flock(lock, fcntl.LOCK_EX)
                # A lock on a file since removed with its folder excludes nobody: the next
                # caller makes a new folder and a new lock file.
                if _still_at(path, lock):
                    self._adding = True
                    try:
                        return super().add(key, value, timeout, version)
                    finally:
                        self._adding = False
        return super().add(key, value, timeout, version)  # a folder removed again and again: unlocked

    def _cull(self):
        # Django's `set` calls this before every write (tests/test_private_apis.py holds it to that).
        self._writes_since_cull += 1
        if self._writes_since_cull < CULL_EVERY:
            return
        self._writes_since_cull = 0
        if self._adding:
            self._cull_due = True
        else:
            cull_file_cache(self)


def _still_at(path, opened):
    """Return whether the file `opened` is still the one at `path` (not removed, not replaced)."""
    try:
        return os.stat(path).st_ino == os.fstat(opened.fileno()).st_ino
    except FileNotFoundError:
        return False
