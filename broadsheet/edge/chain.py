"""The short chain: Django's own handler, built by Django over a shorter middleware list.

Votes from scripts and view beacons arrive by the thousand a second, and most of their time went to
middleware they do not need (sessions, accounts, the page cache, sign-in flows). A view says it may
be served without those with `short_chain`; the edge resolves each request's path with Django's URL
resolver and, when `takes_short_chain` agrees, hands the request to a handler that Django's own
`load_middleware` built over EDGE_SHORT_CHAIN instead of MIDDLEWARE. Security headers, host checks,
CSRF and request ids still come from Django's middleware, once; nothing of it is restated here.

Every entry of MIDDLEWARE is either in EDGE_SHORT_CHAIN or in EDGE_NOT_ON_SHORT_CHAIN with the
reason it is not needed there (a test holds that), so a middleware added later is never skipped
for these requests without someone saying why.
"""

from functools import lru_cache

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler, WSGIRequest
from django.test.utils import override_settings
from django.urls import Resolver404, get_resolver, get_urlconf

SHORT_CHAIN_ATTRIBUTE = "edge_short_chain"


def short_chain(view=None, *, when=None):
    """Let the edge serve this view through the short chain (only for requests `when(request)` accepts).

    Usable bare (`@short_chain`) or with a condition (`@short_chain(when=wants_json)`). The view must
    need nothing from the middleware left out (no session, no `request.user`, no messages).
    """

    def declare(function):
        setattr(function, SHORT_CHAIN_ATTRIBUTE, when or _always)
        return function

    return declare(view) if view is not None else declare


def _always(request):
    return True


@lru_cache(maxsize=4096)
def _resolved_view(urlconf, path):
    try:
        return get_resolver(urlconf).resolve(path).func
    except Resolver404:
        return None


def view_for(path):
    """Return the view Django's URL resolver gives `path`, or None when nothing matches."""
    # Kept per path: the edge asks once per request, and a vote's path repeats thousands of times
    # a second. The URLconf is part of the key, so a test that swaps it sees its own views.
    return _resolved_view(get_urlconf() or settings.ROOT_URLCONF, path)


def takes_short_chain(request, view):
    """Return whether `request`, for `view`, may be served by the short chain.

    The one rule: the view must have declared it, and a request carrying a session cookie always
    takes the full chain (the short one has no sessions, so it could not know who is signed in).
    The view may narrow it further (a vote from a form renders pages that need the full chain).
    """
    condition = getattr(view, SHORT_CHAIN_ATTRIBUTE, None)
    if condition is None or settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    return condition(request)


class ShortChain:
    """Build a handler's middleware under EDGE_SHORT_CHAIN: Django's own loop over a shorter list.

    `BaseHandler.load_middleware` reads settings.MIDDLEWARE; it runs once, when the handler is
    made (in the edge's factory, before any request), under the short list in force.
    """

    def load_middleware(self, is_async=False):
        with override_settings(MIDDLEWARE=settings.EDGE_SHORT_CHAIN):
            super().load_middleware(is_async)


class ShortChainHandler(ShortChain, WSGIHandler):
    """Django's WSGI handler with the short middleware chain."""


class Chains:
    """Django's full handler and the short one, and which of the two serves a request."""

    def __init__(self, full, short):
        self.full, self.short = full, short

    def pick(self, environ, view):
        """Return the handler for this WSGI environ (headers only are read), whose path resolves to `view`."""
        if getattr(view, SHORT_CHAIN_ATTRIBUTE, None) is None:
            return self.full  # the common case, without building a request
        return self.short if takes_short_chain(WSGIRequest(environ), view) else self.full
