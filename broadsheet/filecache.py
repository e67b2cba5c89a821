"""Django's file cache, culling now and then rather than before every write.

Django's FileBasedCache lists every file of the cache before each write to decide whether to
cull. With the page cache, view counters and rate limits in one folder that is tens of thousands
of files per write: measured at 25 ms a view beacon, nearly all of it the listing. Checking every
CULL_EVERY writes instead keeps the folder bounded (at most CULL_EVERY writes over MAX_ENTRIES
per thread) at a fraction of the cost.
"""

from django.core.cache.backends import filebased

CULL_EVERY = 500


class FileBasedCache(filebased.FileBasedCache):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._writes_since_cull = 0

    def _cull(self):
        self._writes_since_cull += 1
        if self._writes_since_cull < CULL_EVERY:
            return
        self._writes_since_cull = 0
        super()._cull()
