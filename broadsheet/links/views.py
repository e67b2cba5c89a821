"""Following a short link, and its QR code."""

import io

import segno
from django.conf import settings
from django.http import HttpResponse, HttpResponseNotAllowed, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.http.request import split_domain_port
from django.template.loader import render_to_string
from django.utils.http import escape_leading_slashes
from django.views.decorators.csrf import csrf_exempt

from broadsheet.throttle import allow

from .clicks import count_click, record_miss
from .services import click_destination, destination

ALLOWED = ["GET", "HEAD", "OPTIONS"]


@csrf_exempt  # writes nothing a form could forge: other methods get a 405, not a CSRF 403
def follow(request, code):
    """Send the reader to the link's page (302, never stored by a cache), counting readers' clicks.

    A HEAD is answered like a GET but not counted (link checkers use it); robots, link previews
    and prefetches are redirected but not counted either.
    """
    if request.method == "OPTIONS":
        response = HttpResponse(status=204)
        response["Allow"] = ", ".join(ALLOWED)
        return no_store(response)
    if request.method not in ("GET", "HEAD"):
        return no_store(HttpResponseNotAllowed(ALLOWED, "Short links are followed with GET."))
    # A flood from one network is still redirected (a reader behind it must get through) but
    # stops counting once the network passes its allowance of clicks.
    counted = request.method == "GET" and not request.reader.is_automated and allow(request.reader, "click")
    found = click_destination(code)
    if found is None:
        if counted:
            record_miss(code)
        return not_found(request)
    link_id, url = found
    if counted:
        count_click(link_id, request.reader)
    return no_store(HttpResponseRedirect(url))


def follow_on_short_host(request, code):
    """Follow `/<code>` on SHORT_LINK_HOST; on any other host, answer as if this URL did not exist.

    Elsewhere `/<code>` is no address of ours, so it gets what Django's APPEND_SLASH would have
    given it before this pattern existed: a redirect to the same path with a slash.
    """
    if is_short_host(request):
        return follow(request, code)
    if not settings.APPEND_SLASH:
        return not_found(request)
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(escape_leading_slashes(f"{request.path}/") + (f"?{query}" if query else ""))


def is_short_host(request):
    """Return whether the request came to SHORT_LINK_HOST (with or without its port)."""
    wanted = settings.SHORT_LINK_HOST.lower()
    if not wanted:
        return False
    host = request.get_host().lower()
    return host == wanted or split_domain_port(host)[0] == wanted


def qr_code(request, code):
    """Return the QR code (SVG) of a link readers may follow; 404 like the link itself otherwise."""
    found = destination(code)
    if found is None:
        return not_found(request)
    link, _ = found
    svg = io.BytesIO()
    # Sized by its viewBox, so the article's fixed-size <img> holds it without moving anything.
    qr = segno.make(link.url, error="m")
    qr.save(svg, kind="svg", scale=4, omitsize=True, title=link.url, dark="#000", light="#fff")
    response = HttpResponse(svg.getvalue(), content_type="image/svg+xml")
    # Short-lived: a code whose page goes away must stop showing a working QR code soon.
    response["Cache-Control"] = "public, max-age=60"
    return response


def not_found(request):
    """Return the one answer for every code that leads nowhere, whatever the reason: the same bytes."""
    return no_store(HttpResponse(render_to_string("links/not_found.html"), status=404))


def no_store(response):
    # Every click must reach the origin to be counted, and a code that leads nowhere today may be
    # given a page tomorrow, so no answer of a short link is kept by a browser or CDN.
    response["Cache-Control"] = "no-store"
    return response
