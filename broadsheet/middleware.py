from csp.middleware import CSPMiddleware
from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import HttpResponse

from broadsheet.edge.limits import TOO_LARGE_MESSAGE, body_limit, is_staff


class RequestLimitsMiddleware:
    """Refuse oversized query strings (400) before any cache lookup, and bodies (413) before a view reads them.

    The body's limit is the view's (`broadsheet.edge.limits`), so it is checked once Django has
    resolved the view, before any view middleware (CSRF's reads the body) runs. Only the header is
    looked at: reading the body is what a too-large request must not cost.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if len(request.META.get("QUERY_STRING", "")) > settings.MAX_QUERY_STRING_LENGTH:
            raise BadRequest("The address is too long.")
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        length = request.META.get("CONTENT_LENGTH") or "0"
        if not length.isdigit():
            return too_large()
        limit = body_limit(request.path_info, view_func)
        if int(length) <= limit.for_reader(is_staff=False):
            return None
        # Asked only of a body past what anyone may send: who is signed in costs a session read.
        if limit.needs_staff and int(length) <= limit.for_reader(is_staff(getattr(request, "user", None))):
            return None
        return too_large()


def too_large():
    return HttpResponse(TOO_LARGE_MESSAGE, status=413, content_type="text/plain; charset=utf-8")


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's policy, with the framing rule taken from the clickjacking one already in force,
    and the Permissions-Policy (PERMISSIONS_POLICY) beside it: the two policies of what a page may do.

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

    def process_response(self, request, response):
        response = super().process_response(request, response)
        if settings.PERMISSIONS_POLICY:
            response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
