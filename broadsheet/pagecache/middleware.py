import hashlib
import re
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_http_date_safe

from . import dependencies as deps
from . import files
from .dependencies import release
from .encodings import chosen_encoding, compressed_copies

# The one query parameter that changes what a cacheable page shows, and only on pages that say they
# are paginated; anything else (tracking tags) is left out of the key so it cannot split or flood
# the cache.
PAGE_PARAMETER = "page"
CANONICAL_PAGE_NUMBER = re.compile(r"\d{1,6}")
# A page number that is not one: an unpaginated page ignores it, a paginated one answers 404.
NOT_A_PAGE_NUMBER = object()
# The entry, one per listing, of its 404 to every number that is no page of it ("abc", one beyond its
# last page): kept once, so a flood of such numbers neither renders nor splits the cache.
NO_SUCH_PAGE = "none"
REPLAYED_HEADERS = ("Content-Type", "Content-Language", "Content-Security-Policy", "Link", "Last-Modified")
SKIPPED_PREFIXES = ("/admin/", "/django-admin/", "/f/", "/static/", "/media/")


def canonical_host(request):
    """Return the host as the cache keys it: `Example.org.`, `example.org:443` and `example.org` are one site."""
    return canonical_host_name(request.get_host())


def canonical_host_name(host):
    host = host.lower()
    name, _, port = host.rpartition(":") if host.rsplit(":", 1)[-1].isdigit() else (host, "", "")
    if port in ("80", "443"):
        port = ""
    return name.rstrip(".") + (f":{port}" if port else "")


def requested_page_number(request):
    """Return the listing page asked for: None for the first, a number, or NOT_A_PAGE_NUMBER.

    `?page=01`, `001` and `1` are the same page; `+1`, `abc` and `%00` are no page at all.
    """
    return page_number_of(request.GET.get(PAGE_PARAMETER))


def record_page_count(request, count):
    """Tell the page cache how many pages the listing being rendered has: later numbers are no page of it."""
    request.page_cache_page_count = count


def is_no_page_of(number, listing):
    """Return whether a requested page number is no page of the listing whose first page is this entry."""
    pages = listing.get("pages")
    return number is NOT_A_PAGE_NUMBER or (pages is not None and number > pages)


def page_number_of(value):
    if value is None:
        return None
    if not CANONICAL_PAGE_NUMBER.fullmatch(value) or int(value) == 0:
        return NOT_A_PAGE_NUMBER
    return int(value) if int(value) > 1 else None


def entry_key(request, page_number=None):
    return entry_key_of(canonical_host(request), request.path, page_number)


def entry_key_of(host, path, page_number=None):
    """Return the cache key of a page: the deployed release, the canonical host, the path and page number."""
    raw = f"{release()}|{host}{path}"
    if page_number:
        raw += f"?page={page_number}"
    return "pagecache:page:" + hashlib.blake2b(raw.encode(), digest_size=16).hexdigest()


def cache_control(shared_seconds=None):
    """Return the Cache-Control of a stored page; `shared_seconds` shortens what CDNs keep (a live blog)."""
    if shared_seconds is not None:
        return f"public, max-age=0, s-maxage={shared_seconds}, stale-if-error={settings.PAGE_CACHE_STALE_IF_ERROR}"
    return (
        f"public, max-age=0, s-maxage={settings.PAGE_CACHE_S_MAXAGE}, "
        f"stale-while-revalidate={settings.PAGE_CACHE_STALE_WHILE_REVALIDATE}, "
        f"stale-if-error={settings.PAGE_CACHE_STALE_IF_ERROR}"
    )


def is_shareable(response, status=200):
    """Return whether this response is the same for every reader (and so safe to keep)."""
    if getattr(response, "page_cache_dependencies", None) is None or response.status_code != status:
        return False
    if response.cookies or getattr(response, "streaming", False):
        return False
    # A view that read the session or the CSRF token made the page per-reader: never store it.
    vary = response.get("Vary", "").lower()
    control = response.get("Cache-Control", "").lower()
    return "cookie" not in vary and "private" not in control and "no-store" not in control


def variant_etag(etag, coding):
    """Return the ETag of one coding of a page: each coding is its own representation (RFC 9110 §8.8.3)."""
    return etag if coding is None else f'{etag[:-1]}-{coding}"'


def not_modified(if_none_match, etag):
    """Return whether the client holds this page (in any of its codings)."""
    if not if_none_match:
        return False
    base = etag[:-1]
    for tag in if_none_match[:4000].split(","):
        tag = tag.strip().removeprefix("W/")
        if tag == "*" or tag == etag or (tag.startswith(base) and tag[len(base) :] in ('-br"', '-gzip"')):
            return True
    return False


def held_by_client(if_none_match, if_modified_since, etag, last_modified):
    """Return whether the client holds this answer: by its ETag, or by date when it sent no ETag
    and the answer has one (feeds): If-Modified-Since counts only without If-None-Match (RFC 9110 §13.2.2)."""
    if if_none_match:
        return not_modified(if_none_match, etag)
    if not (if_modified_since and last_modified):
        return False
    since, modified = parse_http_date_safe(if_modified_since), parse_http_date_safe(last_modified)
    return since is not None and modified is not None and modified <= since


def render_claim_key(key):
    return f"{key}:rendering"


class OneInvalidationMiddleware:
    """Make everything one request changes one invalidation, made before its answer leaves.

    Publishing from the back office is a dozen autocommitted writes and as many receivers; without
    this each moved the epoch, and under load a hot article was rendered once per move. The
    invalidation is made when the view has returned, so the editor's next page already sees it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with deps.one_invalidation():
            return self.get_response(request)


class PageCacheMiddleware:
    """Serve anonymous-identical pages from the shared cache, with ETags and CDN-friendly headers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or request.path.startswith(SKIPPED_PREFIXES):
            return self.get_response(request)
        if not settings.PAGE_CACHE_ENABLED:
            # Kept parts and remembered routes still check themselves against this moment.
            deps.begin_request(request, deps.current_epoch())
            return self.get_response(request)

        # The address without a page number names the page; its entry says whether the page is
        # paginated, and only then does `?page=` pick another entry. A number that is no page of
        # it picks the listing's one 404 entry, once its first page (fresh, so its count of pages
        # is current) says so; until then such a number renders and is not kept.
        number = requested_page_number(request)
        key = entry_key(request)
        entry = cache.get(key)
        epoch = deps.current_epoch()
        deps.begin_request(request, epoch)
        no_page, kept_as = False, None
        if number is not None and (entry is None or entry.get("paginated")):
            if entry is not None and is_no_page_of(number, entry) and self.is_fresh(key, entry, epoch, request, None):
                no_page = True
                key = entry_key(request, NO_SUCH_PAGE)
                entry = cache.get(key)
            elif number is NOT_A_PAGE_NUMBER:
                entry = None
            else:
                key, kept_as = entry_key(request, number), number
                entry = cache.get(key)
        if deps.is_settling(epoch) and entry is not None and entry.get("epoch") == deps.settled_before(epoch):
            # An invalidation is writing its versions, and this copy was proven fresh just before
            # it began: readers get it meanwhile (stale-while-revalidate). A render begun now
            # could not be stored, so claiming one would cost a second render right after.
            return self.replay(request, entry, "stale", key)
        if entry and self.is_fresh(key, entry, epoch, request, kept_as):
            return self.replay(request, entry, "hit", key)

        # One render per page at a time, across threads and processes (single flight): when a hot
        # page changes under a spike, the others keep getting the copy they had meanwhile
        # (stale-while-revalidate in the origin), or, with no copy at all, wait for the one render.
        # A listing asked for a page number that is none answers 404: its first page is no answer.
        reusable = no_page or number is not NOT_A_PAGE_NUMBER
        claim = render_claim_key(key)
        claimed = cache.add(claim, 1, timeout=settings.PAGE_RENDER_CLAIM_SECONDS)
        if not claimed:
            if entry is not None:
                return self.replay(request, entry, "stale", key)
            entry = self.wait_for_render(key, claim) if reusable else None
            if entry is not None and self.is_fresh(key, entry, deps.current_epoch(), request, kept_as):
                return self.replay(request, entry, "hit", key)
        try:
            if claimed and reusable:
                # Another render may have finished between our read and our claim: use its page.
                latest = cache.get(key)
                if latest is not None and self.is_fresh(key, latest, deps.current_epoch(), request, kept_as):
                    return self.replay(request, latest, "hit", key)
            return self.render(request, number, key, epoch, stale=entry, no_page=no_page)
        finally:
            if claimed:
                cache.delete(claim)

    def render(self, request, number, key, epoch, stale, no_page=False):
        """Render the page and keep it if it is the same for everyone.

        With `no_page`, what is rendered is a listing's 404 to a number that is no page of it: kept
        as the listing's one such entry if the 404 says what it shows (the site's 404 page does),
        and never written as a file, which nginx would send as a page.
        """
        response = self.get_response(request)
        status = 404 if no_page else 200
        if not is_shareable(response, status):
            if stale is not None:
                # The page is gone, private or failing now: nobody may be handed the old copy again.
                cache.delete(key)
            return response

        paginated = not no_page and getattr(response, "page_cache_paginated", False)
        if number is not None and not paginated and not no_page:
            key = entry_key(request)  # the page ignores ?page=: one entry whatever the number
        # What the page shows: its own keys and those of the kept parts its template showed.
        state = deps.request_state(request)
        dependencies = response.page_cache_dependencies | state.dependencies
        versions = deps.current_versions(dependencies)
        content = response.content
        entry = {
            "status": status,
            "content": content,
            "copies": compressed_copies(content),
            "headers": {h: response[h] for h in REPLAYED_HEADERS if response.has_header(h)},
            "etag": f'"{hashlib.blake2b(content, digest_size=12).hexdigest()}"',
            "versions": versions,
            "epoch": epoch,
            "paginated": paginated,
            "pages": getattr(request, "page_cache_page_count", None) if paginated else None,
            "shared_seconds": getattr(response, "page_cache_shared_seconds", None),
        }
        # Stored only under a known epoch and known versions: with either missing (a cache that
        # cannot keep them) the entry could never be proven fresh or stale.
        # And only if the kept values it was built from were checked against these versions.
        if (
            epoch is not None
            and not deps.is_settling(epoch)
            and deps.current_epoch() == epoch
            and None not in versions.values()
            and state.agrees_with(versions)
        ):
            cache.set(key, entry, settings.PAGE_CACHE_TIMEOUT)
            if not no_page:
                files.store(
                    canonical_host(request),
                    request.path,
                    number if paginated else None,
                    entry,
                    dependencies,
                    epoch,
                    deps.current_epoch,
                )
        return self.replay(request, entry, "miss", key)

    def wait_for_render(self, key, claim):
        """Wait while another thread or process renders this page; return its entry if it stored one."""
        deadline = time.monotonic() + settings.PAGE_RENDER_WAIT_SECONDS
        while time.monotonic() < deadline:
            time.sleep(0.01)
            if cache.get(claim) is None:
                break
        return cache.get(key)

    def is_fresh(self, key, entry, epoch, request, page_number):
        """Return whether nothing the page shows has changed since it was stored (under `page_number`).

        Nothing at all has been invalidated since the entry was stored (the usual case) costs one
        read; otherwise each dependency's version is compared, and an entry that is still fresh
        is stored again under the new epoch so the next hit is cheap again.
        """
        if epoch is not None and entry.get("epoch") == epoch:
            return True
        if "versions" not in entry or None in entry["versions"].values():  # older release, or unknowable
            return False
        if deps.current_versions(entry["versions"].keys()) != entry["versions"]:
            return False
        if deps.is_settling(epoch):
            return True  # as far as can be told yet; stored again once the epoch settles
        entry["epoch"] = epoch
        cache.set(key, entry, settings.PAGE_CACHE_TIMEOUT)
        if entry.get("status", 200) == 200:
            # Its file may have been removed by the invalidation that changed the epoch.
            files.store(
                canonical_host(request),
                request.path,
                page_number,
                entry,
                entry["versions"].keys(),
                epoch,
                deps.current_epoch,
            )
        return True

    def replay(self, request, entry, outcome, key):
        coding = chosen_encoding(request.headers.get("Accept-Encoding"), entry.get("copies"))
        etag = variant_etag(entry["etag"], coding)
        status = entry.get("status", 200)
        # Conditions apply to pages only: a 404 is sent whole, without a validator (RFC 9110 §13.1).
        if status == 200 and held_by_client(
            request.headers.get("If-None-Match"),
            request.headers.get("If-Modified-Since"),
            entry["etag"],
            entry["headers"].get("Last-Modified"),
        ):
            response = HttpResponse(status=304)
        else:
            response = HttpResponse(entry["copies"][coding] if coding else entry["content"], status=status)
            for header, value in entry["headers"].items():
                response[header] = value
            if coding:
                response["Content-Encoding"] = coding
            # The edge (broadsheet/edge/server.py) learns the page from this and answers the
            # next requests for it itself, until anything it shows changes.
            response.page_cache_entry = (key, entry)
        if status == 200:
            response["ETag"] = etag
        response["Cache-Control"] = cache_control(entry.get("shared_seconds"))
        response["X-Page-Cache"] = outcome
        patch_vary_headers(response, ["Accept-Encoding"])
        return response
