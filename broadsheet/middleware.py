import re
from functools import cache

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import HttpResponse

TOO_LARGE_MESSAGE = (
    "This request is larger than this address accepts, so nothing was saved. "
    "Votes and comments take a few kilobytes; files are uploaded in the back office."
)


@cache
def _limits():
    return [(re.compile(pattern), size) for pattern, size in settings.REQUEST_BODY_LIMITS]


def body_limit(path):
    """Return the largest request body, in bytes, that the endpoint at `path` accepts.

    One policy for the front (which refuses before reading, and counts chunked bodies) and for
    this middleware (which refuses by Content-Length whatever server runs Django).
    """
    for pattern, size in _limits():
        if pattern.match(path):
            return size
    return settings.REQUEST_BODY_DEFAULT_LIMIT


class RequestLimitsMiddleware:
    """Refuse oversized query strings (400) and bodies (413) before any view or cache lookup sees them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if len(request.META.get("QUERY_STRING", "")) > settings.MAX_QUERY_STRING_LENGTH:
            raise BadRequest("The address is too long.")
        length = request.META.get("CONTENT_LENGTH") or "0"
        # Only the header is looked at: reading the body is what a too-large request must not cost.
        if not length.isdigit() or int(length) > body_limit(request.path_info):
            return HttpResponse(TOO_LARGE_MESSAGE, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's policy, with the framing rule taken from the clickjacking one already in force.

    A view that may be framed by other sites (the poll embed, marked `xframe_options_exempt`) gets
    `frame-ancestors *`; every other page keeps `frame-ancestors 'none'`, like X-Frame-Options DENY.
    The back office, once a member of staff is signed in, replaces the directives in
    ADMIN_CSP_DIRECTIVES (see settings for why); its sign-in page keeps the strict policy.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        replace = dict(parts.replace or {})
        user = getattr(request, "user", None)
        if request.path_info.startswith("/admin/") and user is not None and user.is_staff:
            replace = {**settings.ADMIN_CSP_DIRECTIVES, **replace}
        if getattr(response, "xframe_options_exempt", False):
            replace["frame-ancestors"] = ["*"]
        parts.replace = replace or None
        return parts
