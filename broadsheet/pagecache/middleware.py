import hashlib
from functools import cache as cache_for_process
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers

from . import dependencies as deps

# Query parameters that change what a cacheable page shows; anything else (tracking tags) is
# left out of the key so it cannot split or flood the cache.
KEY_PARAMETERS = ("page",)
REPLAYED_HEADERS = ("Content-Type", "Content-Language", "Content-Security-Policy", "Link")
SKIPPED_PREFIXES = ("/admin/", "/django-admin/", "/f/", "/static/", "/media/")


@cache_for_process
def release():
    """Return a tag of the deployed static files: a new stylesheet or script means new page bytes."""
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    try:
        return hashlib.blake2b(manifest.read_bytes(), digest_size=6).hexdigest()
    except OSError:
        return "dev"


def entry_key(request):
    params = "&".join(f"{p}={request.GET[p]}" for p in KEY_PARAMETERS if p in request.GET)
    raw = f"{release()}|{request.get_host()}{request.path}?{params}"
    return "pagecache:page:" + hashlib.blake2b(raw.encode(), digest_size=16).hexdigest()


def cache_control():
    return (
        f"public, max-age=0, s-maxage={settings.PAGE_CACHE_S_MAXAGE}, "
        f"stale-while-revalidate={settings.PAGE_CACHE_STALE_WHILE_REVALIDATE}, "
        f"stale-if-error={settings.PAGE_CACHE_STALE_IF_ERROR}"
    )


def is_shareable(response):
    """Return whether this response is the same for every reader (and so safe to keep)."""
    if getattr(response, "page_cache_dependencies", None) is None or response.status_code != 200:
        return False
    if response.cookies or getattr(response, "streaming", False):
        return False
    # A view that read the session or the CSRF token made the page per-reader: never store it.
    vary = response.get("Vary", "").lower()
    control = response.get("Cache-Control", "").lower()
    return "cookie" not in vary and "private" not in control and "no-store" not in control


def not_modified(request, etag):
    return etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]


class PageCacheMiddleware:
    """Serve anonymous-identical pages from the shared cache, with ETags and CDN-friendly headers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            not settings.PAGE_CACHE_ENABLED
            or request.method not in ("GET", "HEAD")
            or request.path.startswith(SKIPPED_PREFIXES)
        ):
            return self.get_response(request)

        key = entry_key(request)
        entry = cache.get(key)
        epoch = deps.current_epoch()
        if entry and self.is_fresh(key, entry, epoch):
            return self.replay(request, entry, "hit")

        response = self.get_response(request)
        if not is_shareable(response):
            return response

        versions = deps.current_versions(response.page_cache_dependencies)
        entry = {
            "content": response.content,
            "headers": {h: response[h] for h in REPLAYED_HEADERS if response.has_header(h)},
            "etag": f'"{hashlib.blake2b(response.content, digest_size=12).hexdigest()}"',
            "versions": versions,
            "epoch": epoch,
        }
        if deps.current_epoch() == epoch:
            cache.set(key, entry, settings.PAGE_CACHE_TIMEOUT)
        return self.replay(request, entry, "miss")

    def is_fresh(self, key, entry, epoch):
        """Return whether nothing the page shows has changed since it was stored.

        Nothing at all has been invalidated since the entry was stored (the usual case) costs one
        read; otherwise each dependency's version is compared, and an entry that is still fresh
        is stored again under the new epoch so the next hit is cheap again.
        """
        if entry.get("epoch") == epoch:
            return True
        if "versions" not in entry:  # stored by an older release: render afresh
            return False
        if deps.current_versions(entry["versions"].keys()) != entry["versions"]:
            return False
        entry["epoch"] = epoch
        cache.set(key, entry, settings.PAGE_CACHE_TIMEOUT)
        return True

    def replay(self, request, entry, outcome):
        if not_modified(request, entry["etag"]):
            response = HttpResponse(status=304)
        else:
            response = HttpResponse(entry["content"])
            for header, value in entry["headers"].items():
                response[header] = value
        response["ETag"] = entry["etag"]
        response["Cache-Control"] = cache_control()
        response["X-Page-Cache"] = outcome
        patch_vary_headers(response, ["Accept-Encoding"])
        return response
