"""What a cached page shows, and the version of each thing it shows.

A cached page records the version of every dependency key it was rendered from (`page_key(42)`
for an article whose headline it prints, `listing_key(SectionPage, 7)` for a listing).
Invalidation gives a key a new version, so every page that showed it is re-rendered on its next
request: exact, and no index of which URLs show what is needed.

Keys are only ever built by the functions below, on both sides: where a page records what it
shows, and in the receiver that invalidates it. A receiver declares the kinds of key it
invalidates with `@invalidates(...)`, so a test can prove that every kind a page records has
someone to invalidate it.
"""

import hashlib
import pickle
import re
import secrets
import threading
from collections import OrderedDict, defaultdict
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache as cache_for_process
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

# Changed on every invalidation: a render that overlaps an invalidation is not stored, since it
# may have read the database before the change committed.
EPOCH_KEY = "pagecache:epoch"
# The epoch an invalidation sets while it writes its versions: its token, this mark, the epoch
# before it. Tokens are hex, so the mark is never part of one.
SETTLING_MARK = "-"
SETTLING_SECONDS = 10
# Every page prints the site navigation (the list of sections).
NAVIGATION = "nav"


def _label(model):
    return model._meta.label_lower


def page_key(page=None):
    """Return the key of one page (what listings print of it: headline, picture, standfirst).

    Without a page, the kind of all page keys (for `invalidates`).
    """
    if page is None:
        return "page"
    return f"page:{getattr(page, 'pk', page)}"


def object_key(model, pk=None):
    """Return the key of one non-page object a page prints (an author's name, a poll's question)."""
    return _label(model) if pk is None else f"{_label(model)}:{pk}"


def listing_key(model, pk=None):
    """Return the key of a list of articles: under one object (a section, a tag), or of a kind (the front page)."""
    return f"list:{_label(model)}" if pk is None else f"list:{_label(model)}:{pk}"


def kind_of(key):
    """Return the kind of a key: the key without the id of one object."""
    return re.sub(r":\d+$", "", key)


_invalidators = defaultdict(set)


def invalidates(*kinds, run_by="signal"):
    """Declare that the decorated function invalidates keys of these kinds (built by the functions above).

    `run_by` says what calls it: a signal it is connected to (the default, which a test checks),
    or "task" / "schedule" / "services" for work the task queue, a periodic job or a feature's services run.
    """

    def declare(function):
        name = f"{function.__module__}.{function.__qualname__}"
        for kind in kinds:
            _invalidators[kind_of(kind)].add(name)
        if run_by != "signal":
            _run_otherwise.add(name)
        return function

    return declare


_run_otherwise = set()


def invalidators_not_run_by_signals():
    """Return the names of declared invalidators that tasks or schedules run, not signals."""
    return set(_run_otherwise)


def invalidators():
    """Return {kind: receivers that declared they invalidate it}."""
    return {kind: set(names) for kind, names in _invalidators.items()}


def version_key(dependency):
    return f"pagecache:v:{dependency}"


def current_versions(dependencies):
    """Return {dependency: version}; a key with no version yet (or an evicted one) is given a fresh one.

    An absent version must never equal another absent version: if it could, a page stored while a
    key was absent would look fresh again once the key's new version was evicted from the cache.
    A version stays None only when the cache cannot keep one at all, and then nothing is fresh.
    """
    keys = {version_key(d): d for d in dependencies}
    found = cache.get_many(list(keys))
    missing = [key for key in keys if key not in found]
    for key in missing:
        cache.add(key, secrets.token_hex(8), timeout=None)
    if missing:
        found |= cache.get_many(missing)
    return {d: found.get(key) for key, d in keys.items()}


def current_epoch():
    """Return the epoch, giving the cache a fresh one if it has none (never set, or evicted)."""
    epoch = cache.get(EPOCH_KEY)
    if epoch is None:
        cache.add(EPOCH_KEY, secrets.token_hex(8), timeout=None)
        epoch = cache.get(EPOCH_KEY)
    return epoch


def is_settling(epoch):
    """Return whether an invalidation was still writing its versions when `epoch` was read.

    Nothing computed under such an epoch is stored (the epoch will have moved by then), and a
    version compared under it may be the old one or the new.
    """
    return epoch is not None and SETTLING_MARK in epoch


def settled_before(epoch):
    """Return the epoch that stood when the invalidation now settling began ("" if unknown)."""
    return epoch.partition(SETTLING_MARK)[2]


def invalidate(dependencies):
    """Give these dependency keys new versions once the current transaction commits.

    Inside `one_invalidation()` (every request and every task runs in one) the keys wait for the
    block's end and go out with the others changed in it: one epoch move, not one per receiver.
    """
    dependencies = set(dependencies)
    if dependencies:
        transaction.on_commit(lambda: _deliver(dependencies))


# The keys committed so far by the request or task under way (None outside `one_invalidation`).
_gathering = ContextVar("pagecache_gathering", default=None)


@contextmanager
def one_invalidation():
    """Make every invalidation committed inside this block one invalidation, at its end.

    A publish is many statements in autocommit (the page, its revision, its log, then receivers:
    the page's listings, its short link, its poll, its search entry), each of which used to move
    the epoch, and each move sends a hot page back to be rendered. Keys rolled back never arrive
    here (`on_commit` drops them); keys committed after the block (an outer transaction) go out
    when they commit. Nested blocks leave it to the outermost.
    """
    if _gathering.get() is not None:
        yield
        return
    gathered = set()
    token = _gathering.set(gathered)
    try:
        yield
    finally:
        _gathering.reset(token)
        if gathered:
            _bump(gathered)


def _deliver(dependencies):
    gathered = _gathering.get()
    if gathered is None:
        _bump(dependencies)
    else:
        gathered |= dependencies


def _bump(dependencies):
    from . import files  # the production profile's page files (none unless PAGE_FILES_DIR is set)

    # The epoch changes before the versions and again after them. Before: a value computed
    # from the old rows cannot be stored under the new versions (the file cache writes keys
    # one by one; `remember` and the page cache store only if the epoch did not move).
    # After: a copy the front learnt in between, under versions not yet written, is dropped.
    # The settling epoch names the one before it: a copy proven fresh under that one may be
    # handed out while the versions are written. It expires on its own, so an invalidation
    # that dies half-way (a worker killed, Redis timing out) cannot leave it standing: a
    # new epoch is then made and every page checks its versions.
    token, previous = secrets.token_hex(8), cache.get(EPOCH_KEY)
    previous = "" if previous is None or is_settling(previous) else previous
    cache.set(EPOCH_KEY, f"{token}{SETTLING_MARK}{previous}", timeout=SETTLING_SECONDS)
    cache.set_many({version_key(d): token for d in dependencies}, timeout=None)
    cache.set(EPOCH_KEY, token, timeout=None)
    files.discard(dependencies)


def remember(key, compute, *, timeout=3600, request=None):
    """Return the value of `compute()`, kept in the cache until a dependency key it names is invalidated.

    For small answers many requests need that are not pages (where a short link leads, the route
    to an article). `compute` returns (value, the dependency keys the value was read from). As
    with pages, a value computed while an invalidation landed is not kept, since it may have read
    the database before the change committed. A None value, or one that names no dependency, is
    not kept. Given the `request`, the value is checked against the moment the request began
    (`RequestState`), like every other kept value the request uses.
    """
    return remember_with_dependencies(key, compute, timeout=timeout, request=request)[0]


def remember_with_dependencies(key, compute, *, timeout=3600, request=None):
    """Return (value, its dependency keys) as `remember` finds or computes them."""
    key = f"pagecache:memo:{release()}:{key}"
    state = request_state(request) if request is not None else None
    epoch = state.epoch if state is not None else current_epoch()
    if epoch is None:  # the cache keeps nothing (Redis down): asking it more would only wait
        return compute()
    known = _local.get(key, epoch)
    if known is not None:
        value, dependencies, versions = known
        if state is not None:
            state.saw(versions)
        return value, dependencies
    kept = _read(key)
    if kept is not None:
        dependencies, versions, value = kept
        if None not in versions.values() and current_versions(dependencies) == versions:
            _local.put(key, epoch, value, dependencies, versions)
            if state is not None:
                state.saw(versions)
            return value, dependencies
    value, dependencies = compute()
    if value is not None and dependencies:
        versions = current_versions(dependencies)
        # Kept only if nothing was invalidated since the request began, and if the kept values
        # it was built from were checked against the versions it is stored under (an
        # invalidation still writing its versions could have let an older one through).
        if current_epoch() == epoch and (state is None or state.agrees_with(versions)):
            cache.set(key, (frozenset(dependencies), versions, value), timeout=timeout)
            _local.put(key, epoch, value, dependencies, versions)
        if state is not None:
            state.saw(versions)
    return value, dependencies


def _read(key):
    try:
        return cache.get(key)
    except (pickle.UnpicklingError, AttributeError, ImportError, EOFError, TypeError, ValueError):
        return None  # kept by a release whose classes have changed since: computed again


class RequestState:
    """What one request has learnt of the cache, for every value it keeps or uses kept.

    `epoch` is read when the request begins (the page cache middleware does it), before any row is
    read: a value computed from rows read after an invalidation began is then never kept.
    `versions` are the versions of the keys every kept value it used was checked against; a page
    or a part built from them is stored only under the same versions. `dependencies` collects the
    keys of the kept parts the page shows, for the page.
    """

    def __init__(self, epoch):
        self.epoch = epoch
        self.versions = {}
        self.consistent = True
        self.dependencies = set()
        self.parts = []  # the keys collected by each part being rendered, innermost last

    def saw(self, versions):
        for key, version in versions.items():
            if self.versions.setdefault(key, version) != version:
                self.consistent = False

    def agrees_with(self, versions):
        return self.consistent and all(self.versions.get(key, version) == version for key, version in versions.items())


def begin_request(request, epoch):
    """Start the request's `RequestState` at `epoch`, read before anything else."""
    request._pagecache_state = RequestState(epoch)


def request_state(request):
    state = request.__dict__.get("_pagecache_state")
    if state is None:  # a request the page cache middleware did not see (a test's RequestFactory)
        state = request._pagecache_state = RequestState(current_epoch())
    return state


class LocalCopies:
    """What `remember` found lately, kept in this process while nothing at all is invalidated.

    Every invalidation moves the epoch, so a copy taken under the epoch read now is as fresh as
    the shared cache's entry, and checking it costs one read instead of one per dependency key.
    Values other than text are kept pickled: each caller gets its own copy to change. The least
    recently used copies go first once they take more than `budget` bytes (characters for text).
    """

    def __init__(self, budget):
        self.budget = budget
        self.used = 0
        self.copies = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key, epoch):
        """Return (value, dependencies, versions) kept under this epoch, or None."""
        if epoch is None:
            return None
        with self.lock:
            copy = self.copies.get(key)
            if copy is None or copy[0] != epoch:
                return None
            self.copies.move_to_end(key)
        _, value, dependencies, versions = copy
        # nosec B301: bytes this process pickled itself a moment ago, never anything received.
        return (value if isinstance(value, str) else pickle.loads(value)), dependencies, versions  # noqa: S301 # nosec B301

    def put(self, key, epoch, value, dependencies, versions):
        if epoch is None:
            return
        kept = value if isinstance(value, str) else pickle.dumps(value)
        if len(kept) > self.budget // 10:
            return  # one large value would push out many small ones
        with self.lock:
            self._drop(key)
            self.copies[key] = (epoch, kept, frozenset(dependencies), dict(versions))
            self.used += len(kept)
            while self.used > self.budget:
                self._drop(next(iter(self.copies)))

    def _drop(self, key):
        copy = self.copies.pop(key, None)
        if copy is not None:
            self.used -= len(copy[1])


_local = LocalCopies(settings.PAGECACHE_LOCAL_BYTES)


# What a page's bytes are made from besides the database: the project's code and templates and
# the pinned dependencies (Wagtail writes some of the HTML). A deploy that changes any of them,
# templates alone included, is a new release with new pages.
RELEASE_SOURCE_SUFFIXES = frozenset({".py", ".html", ".txt", ".xml"})


@cache_for_process
def release():
    """Return a tag of the deployed release: its static files' manifest, code, templates and pinned dependencies."""
    digest = hashlib.blake2b(digest_size=6)
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    try:
        digest.update(manifest.read_bytes())
    except OSError:
        digest.update(b"no manifest")  # development: stylesheets are served by their plain names
    base = Path(settings.BASE_DIR)
    sources = [p for p in (base / "broadsheet").rglob("*") if p.suffix in RELEASE_SOURCE_SUFFIXES and p.is_file()]
    for path in sorted([*sources, base / "requirements.txt"]):
        try:
            content = path.read_bytes()
        except OSError:
            continue
        digest.update(f"{path.relative_to(base)}\0{len(content)}\0".encode())
        digest.update(content)
    return digest.hexdigest()


def mark_cacheable(response, dependencies, *, paginated=False, shared_seconds=None):
    """Let the page cache keep this response, re-rendering it when any of these keys changes.

    A paginated page (a listing) is kept once per `?page=` number; any other page is kept once
    whatever query it was asked with. `shared_seconds` is how long CDNs may keep it, for pages that
    change by the second (a live blog); otherwise PAGE_CACHE_S_MAXAGE.
    """
    response.page_cache_dependencies = frozenset(dependencies) | {NAVIGATION}
    response.page_cache_paginated = paginated
    response.page_cache_shared_seconds = shared_seconds
    return response


class CachedPageMixin:
    """A Wagtail page whose anonymous HTML is the same for every reader and so may be cached."""

    # Set on pages whose content depends on `?page=` (listings).
    paginated = False
    # Set on pages CDNs may keep only this many seconds (a live blog); None: PAGE_CACHE_S_MAXAGE.
    shared_seconds = None

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        context = getattr(response, "context_data", None)
        if response.status_code == 200 and context is not None:
            # The keys of the kept parts its template shows are added when the page is stored.
            mark_cacheable(
                response,
                {page_key(self)} | self.cache_dependencies(context),
                paginated=self.paginated,
                shared_seconds=self.shared_seconds,
            )
        return response

    def cache_dependencies(self, context):
        """Return the dependency keys of what this page shows besides itself."""
        return set()
