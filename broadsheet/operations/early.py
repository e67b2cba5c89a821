"""Answers the front gives before Django's middleware and URL routing run, for the hottest simple endpoints.

An app registers a handler for one exact path (the view beacon, hit once per page view by every
reader) or for a pattern of paths (a poll's vote address). The front calls it with the request's
WSGI environ in a Django thread; the handler answers with an HttpResponse, or None to let Django
handle the request as usual. Nothing of the middleware stack runs for an early answer, so a
handler may only do what needs none of it, or what `passes_early_checks` and `finish_early` do the way
the middleware would (hosts, https, CSRF, security headers). A request the early path cannot
answer exactly as Django would (a signed-in reader, a failed CSRF check) goes to Django.

A handler may also offer `on_loop(environ)`, called on the event loop itself, without the hop to a
Django thread, for answers that need no blocking work (no database, no lock held for long); it
returns None when it cannot answer there, and `handler` then runs in a thread as usual.
"""

import logging
import re
from functools import cache

from django.conf import settings
from django.core import signals
from django.core.exceptions import BadRequest, DisallowedHost, SuspiciousOperation
from django.core.handlers.wsgi import WSGIRequest
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import JsonResponse, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.csrf import CsrfViewMiddleware
from django.middleware.security import SecurityMiddleware
from django.utils.cache import patch_vary_headers

from broadsheet.middleware import ContentSecurityPolicyMiddleware

from .logs import REQUEST_ID_HEADER, current_request_id, request_id_in

# Where Django logs a request that failed, so early failures reach the same alerts.
logger = logging.getLogger("django.request")
FAILURE_MESSAGE = "Something went wrong on our side. Please try again in a moment."

_handlers = {}
_patterns = []
_on_loop = {}


def register_early_answer(path, handler, *, on_loop=None):
    """Have the front answer requests for `path` (a string, or a compiled pattern the whole path
    must match) with `handler(environ)` before Django runs."""
    if isinstance(path, re.Pattern):
        if on_loop is not None:
            raise ValueError("Answers on the event loop are looked up by exact path only.")
        _patterns.append((path, handler))
        return
    _handlers[path] = handler
    if on_loop is not None:
        _on_loop[path] = on_loop


def early_answer_for(path):
    handler = _handlers.get(path)
    if handler is None:
        for pattern, candidate in _patterns:
            if pattern.fullmatch(path):
                return candidate
    return handler


def loop_answer_for(path):
    return _on_loop.get(path)


def run_early(handler, environ):
    """Run an early handler as Django runs a request.

    Database connections are checked before it and after it (one broken by a database restart is
    replaced, an old one closed); it has a request id, in its log records and on its answer, as
    every request has; and a failure is logged as Django logs one and answered with a message (in
    JSON: early answers go to scripts) and the usual security headers.
    """
    request_id = request_id_in(environ)
    token = current_request_id.set(request_id)
    signals.request_started.send(sender=run_early, environ=environ)
    try:
        answer = handler(environ)
    except Exception:
        logger.exception("Internal Server Error: %s", environ.get("PATH_INFO", ""), extra={"status_code": 500})
        failure = JsonResponse({"ok": False, "code": "error", "message": FAILURE_MESSAGE}, status=500)
        answer = finish_early(WSGIRequest(environ), failure)
    finally:
        signals.request_finished.send(sender=run_early)
        current_request_id.reset(token)
    if answer is not None:
        answer[REQUEST_ID_HEADER] = request_id
    return answer


class _CsrfCheck(CsrfViewMiddleware):
    """Django's own CSRF check, saying "no" quietly: Django then answers and logs the refusal itself."""

    REFUSED = object()

    def _reject(self, request, reason):
        return self.REFUSED


@cache
def _middleware():
    """Return the middleware whose halves an early answer runs (made again when settings change)."""

    def nothing(request):  # pragma: no cover - only their request and response halves are used
        return None

    return (
        _CsrfCheck(nothing),
        SecurityMiddleware(nothing),
        XFrameOptionsMiddleware(nothing),
        ContentSecurityPolicyMiddleware(nothing),
    )


@receiver(setting_changed)
def _settings_changed(**kwargs):
    _middleware.cache_clear()  # they read their settings when made


def passes_early_checks(request, view):
    """Return whether the middleware would hand `request` to `view` untouched (else Django must answer it).

    Not for: a host this site does not serve, an address too long, plain http where https is
    required, a session cookie (a signed-in reader, whose account only the middleware reads), a
    body Django cannot parse (Django answers 400), and a request failing Django's CSRF check
    (Origin, Referer under https, cookie and token).
    """
    try:
        request.get_host()
    except DisallowedHost:
        return False
    if len(request.META.get("QUERY_STRING", "")) > settings.MAX_QUERY_STRING_LENGTH:
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    csrf, security, _, _ = _middleware()
    if security.process_request(request) is not None:  # the redirect to https
        return False
    try:
        request.POST  # noqa: B018 - a body Django cannot parse gets Django's own 400
    except (SuspiciousOperation, BadRequest, MultiPartParserError, UnreadablePostError):
        return False
    csrf.process_request(request)
    # Accepted only as Django accepts: with nothing to say (None).
    return csrf.process_view(request, view, (), {}) is None


def finish_early(request, response):
    """Give an early answer the headers the middleware gives every answer."""
    csrf, security, framing, policy = _middleware()
    csrf.process_response(request, response)
    framing.process_response(request, response)
    security.process_response(request, response)
    policy.process_response(request, response)
    # It depends on the reader's cookies (their token, the CSRF cookie), as Django's answer says.
    patch_vary_headers(response, ("Cookie",))
    return response
