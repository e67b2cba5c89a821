"""Refusals: what a feature will not do for a request, and the one way the request is answered.

A service (`cast_vote`, `post_comment`, `verify_code`…) raises `Refused` with the message for the
person, the HTTP status that fits and a code for scripts. The view only says which page a person
sees; `refusal_response` chooses between that page and JSON, once for every feature.
"""

from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.utils.cache import patch_cache_control


class Refused(ValidationError):
    """An action not carried out: the message for the person, the HTTP status, a code for scripts.

    A ValidationError, as every service raises, so a form that calls a service can show the
    message like any other error. `retry_after` (whole seconds) is for refusals that pass with time.
    """

    def __init__(self, message, *, status=400, code=None, retry_after=None):
        super().__init__(message, code=code)
        self.status = status
        self.retry_after = retry_after

    def __str__(self):
        return self.message


def wants_json(request):
    """Return whether the request comes from a script that reads JSON rather than from a browser's form."""
    return request.headers.get("X-Requested-With") == "fetch" or "application/json" in request.headers.get("Accept", "")


def refusal_response(request, refusal, *, html):
    """Answer a refusal with its status: JSON to a script, else the page `html(refusal)` returns; stored by no one.

    `html` is called only for a browser, so a script's answer costs no rendering. What does not
    exist (404) is shown to a browser as the site's own 404 page, like any other missing address.
    """
    if wants_json(request):
        response = JsonResponse({"ok": False, "code": refusal.code, "message": refusal.message})
    elif refusal.status == 404:
        raise Http404(refusal.message)
    else:
        response = html(refusal)
    response.status_code = refusal.status
    if refusal.retry_after is not None:
        response["Retry-After"] = str(refusal.retry_after)
    patch_cache_control(response, private=True, no_store=True)
    return response
