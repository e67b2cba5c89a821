"""The headers a stored page is sent with, for servers that send it without Django (nginx, deploy/)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils.module_loading import import_string

from .middleware import cache_control

PAGE_CACHE = "broadsheet.pagecache.middleware.PageCacheMiddleware"
# Set per answer by the server itself (or meaningless for a file).
LEFT_TO_THE_SERVER = {"content-type", "content-length", "x-request-id", "etag", "vary"}


def stored_page_headers():
    """Return [(name, value)] that Django sends with every stored page, besides type and ETag.

    They are read off the middleware that runs outside the page cache (security headers, the
    content security policy), run over a page, so a file sent by nginx carries exactly what the
    same page sent by the app does, and a change of settings changes both.
    """
    outer = settings.MIDDLEWARE[: settings.MIDDLEWARE.index(PAGE_CACHE)]

    def page(request):
        response = HttpResponse(b"", content_type="text/html; charset=utf-8")
        response["Cache-Control"] = cache_control()
        response["X-Page-Cache"] = "file"
        return response

    handler = page
    for path in reversed(outer):
        handler = import_string(path)(handler)
    site = urlsplit(settings.SITE_URL)
    request = RequestFactory().get("/", SERVER_NAME=site.hostname, secure=site.scheme == "https")
    response = handler(request)
    return [(name, value) for name, value in response.items() if name.lower() not in LEFT_TO_THE_SERVER]


def as_nginx(headers):
    """Return the headers as nginx `add_header` lines."""
    lines = []
    for name, value in headers:
        quoted = value.replace("\\", "\\\\").replace('"', '\\"')
        lines.append(f'add_header {name} "{quoted}" always;')
    return "\n".join(lines) + "\n"
