"""Cached pages answered by the front itself, before any of Django runs (issue 13).

The page cache middleware already answers a stored page without a database query or a template,
but only after Django has parsed the request, run the middleware above it and handed the request
to one of a few threads: most of a cached page's cost. Here the front (granian's event loop)
keeps, per process, the pages Django has just answered from the page cache: their final bytes and
headers, with the copies compressed when the page was stored. It answers a request for one of
them directly while the cache's epoch is the one the page was stored under, i.e. while nothing at
all has been invalidated since. Any invalidation sends the next request for each page to Django,
which checks the page's own dependencies and stores it again (usually without rendering), and the
front learns the page again from that answer: invalidation is exactly as exact as in Django.

While one request refreshes a page through Django, the others for the same page get the copy this
process holds (stale-while-revalidate), so a spike never queues behind one render.
"""

import os
import time
from urllib.parse import parse_qsl

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.filebased import FileBasedCache

from broadsheet.private_apis import file_of_cache_key

from . import dependencies as deps
from .encodings import chosen_encoding
from .middleware import (
    NOT_A_PAGE_NUMBER,
    PAGE_PARAMETER,
    SKIPPED_PREFIXES,
    canonical_host_name,
    entry_key_of,
    held_by_client,
    page_number_of,
    variant_etag,
)

# Headers of Django's answer that belong to that one answer, not to the page.
PER_ANSWER = {"content-length", "content-encoding", "etag", "x-page-cache", "x-request-id", "date"}
# After this long a refresh is presumed lost (its request died) and another may start.
REFRESH_PATIENCE_SECONDS = 10


class EpochWatch:
    """Read the page cache's epoch on every request, cheaply.

    With the file cache (the embedded default) the epoch is one small file that every write
    replaces (a new inode): one stat tells whether it changed since it was last read. Other caches
    (Redis) are read each time.
    """

    def __init__(self):
        backend = caches["default"]
        self.path = None
        if isinstance(backend, FileBasedCache):
            self.path = file_of_cache_key(backend, deps.EPOCH_KEY)
        self.seen = None
        self.value = None

    def __call__(self):
        if self.path is None:
            return deps.current_epoch()
        try:
            status = os.stat(self.path)
        except OSError:
            self.seen = None
            return deps.current_epoch()
        seen = (status.st_ino, status.st_mtime_ns, status.st_size)
        if seen != self.seen:
            self.value = deps.current_epoch()
            self.seen = seen
        return self.value


class Copy:
    """One page as the front sends it: bytes and headers for each coding, and the epoch it is fresh under."""

    __slots__ = ("epoch", "etag", "last_modified", "bodies", "headers", "not_modified_headers", "paginated")

    def __init__(self, entry, headers):
        self.epoch = entry["epoch"]
        self.etag = entry["etag"]
        self.last_modified = dict(headers).get("last-modified")
        self.paginated = entry.get("paginated", False)
        self.bodies = {None: entry["content"], **entry.get("copies", {})}
        page_headers = [(name, value) for name, value in headers if name not in PER_ANSWER]
        self.headers = {}
        for coding in self.bodies:
            extra = [("etag", variant_etag(self.etag, coding)), ("x-page-cache", "fast")]
            if coding:
                extra.append(("content-encoding", coding))
            self.headers[coding] = page_headers + extra
        self.not_modified_headers = {
            coding: [(name, value) for name, value in headers if name not in ("content-type", "content-encoding")]
            for coding, headers in self.headers.items()
        }

    def answer(self, request_headers, outcome="fast"):
        coding = chosen_encoding(request_headers.get("accept-encoding"), self.bodies)
        if held_by_client(
            request_headers.get("if-none-match"),
            request_headers.get("if-modified-since"),
            self.etag,
            self.last_modified,
        ):
            return 304, self._marked(self.not_modified_headers[coding], outcome), b""
        return 200, self._marked(self.headers[coding], outcome), self.bodies[coding]

    @staticmethod
    def _marked(headers, outcome):
        return headers if outcome == "fast" else [(n, outcome if n == "x-page-cache" else v) for n, v in headers]


class Lookup:
    __slots__ = ("key", "answer", "refreshing")

    def __init__(self, key, answer=None, refreshing=False):
        self.key, self.answer, self.refreshing = key, answer, refreshing


class FastPages:
    """The cached pages one front process answers itself."""

    def __init__(self, limit=None):
        self.limit = limit or settings.PAGE_CACHE_FAST_PAGES
        self.copies = {}
        self.refreshing = {}
        self.keys = {}
        self.epoch = EpochWatch()
        # Read once: settings are fixed for the life of a process, and these are read per request.
        self.enabled = settings.PAGE_CACHE_ENABLED
        self.https_only = settings.SECURE_SSL_REDIRECT
        self.forwarded_host = settings.USE_X_FORWARDED_HOST
        self.secure_header = settings.SECURE_PROXY_SSL_HEADER
        if self.secure_header:
            self.secure_header = (
                self.secure_header[0].removeprefix("HTTP_").replace("_", "-").lower(),
                self.secure_header[1],
            )

    def lookup(self, scope):
        """Return a Lookup: an answer to send now, or the key Django's answer should refresh (or None)."""
        path = scope.path
        if not self.enabled or scope.method != "GET" or path.startswith(SKIPPED_PREFIXES):
            return None
        headers = scope.headers
        if "content-length" in headers or "transfer-encoding" in headers:
            return None
        if self.https_only and not self.is_secure(scope):
            return None  # Django's security middleware redirects it to https
        host = headers.get("x-forwarded-host") if self.forwarded_host else None
        given = host or headers.get("host")
        if not given:
            return None
        key = self.keys.get((given, path))
        if key is None:
            key = entry_key_of(canonical_host_name(given), path)
            if len(self.keys) >= 4 * self.limit:
                self.keys.clear()  # junk hosts and paths must not grow it without bound
            self.keys[(given, path)] = key
        copy = self.copies.get(key)
        if scope.query_string and PAGE_PARAMETER in scope.query_string:
            values = [v for k, v in parse_qsl(scope.query_string, keep_blank_values=True) if k == PAGE_PARAMETER]
            number = page_number_of(values[-1]) if values else None
            if number is not None:
                if copy is None:
                    return Lookup(None)  # only Django knows whether this page has pages
                if copy.paginated:
                    if number is NOT_A_PAGE_NUMBER:
                        return Lookup(None)
                    key = entry_key_of(canonical_host_name(given), path, number)
                    copy = self.copies.get(key)
        if copy is None:
            return Lookup(key)
        if copy.epoch is not None and copy.epoch == self.epoch():
            return Lookup(key, copy.answer(headers))
        started = self.refreshing.get(key)
        now = time.monotonic()
        if started is not None and now - started < REFRESH_PATIENCE_SECONDS:
            return Lookup(key, copy.answer(headers, outcome="stale"))
        self.refreshing[key] = now
        return Lookup(key, refreshing=True)

    def is_secure(self, scope):
        if scope.scheme == "https":
            return True
        return bool(self.secure_header) and scope.headers.get(self.secure_header[0]) == self.secure_header[1]

    def learn(self, lookup, status, headers, stored):
        """Keep the page Django just answered (`stored` is its page cache entry), or forget a page that went."""
        if lookup.refreshing:
            self.refreshing.pop(lookup.key, None)
        if status == 304:
            return  # the client had the page: nothing learned, nothing lost
        if stored is None or status != 200:
            if lookup.key is not None:
                self.copies.pop(lookup.key, None)
            return
        key, entry = stored
        headers = [(name.lower(), value) for name, value in headers]
        if any(name == "set-cookie" for name, _ in headers):
            return  # never the case for a stored page; never kept if it were
        if key not in self.copies and len(self.copies) >= self.limit:
            del self.copies[next(iter(self.copies))]  # the oldest learned
        self.copies[key] = Copy(entry, headers)
