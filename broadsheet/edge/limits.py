"""How large a request body may be: declared by the view that takes it, larger only for signed-in staff.

One policy for the edge (which refuses before reading, and counts chunked bodies) and for
`RequestLimitsMiddleware` (which refuses by Content-Length whatever server runs Django):
- a view that takes more than REQUEST_BODY_DEFAULT_LIMIT says so with `accepts_bodies_up_to`;
- the back office's paths (STAFF_BODY_LIMITS: Wagtail's views, which we do not decorate) take
  uploads, but only from a signed-in member of staff: anyone else, an anonymous request or a forged
  session cookie, gets the default limit, so a 60 MiB body to the upload form is refused unread;
- views that cannot be decorated here are named by path in REQUEST_BODY_LIMITS;
- everything else takes REQUEST_BODY_DEFAULT_LIMIT.
"""

import re
from dataclasses import dataclass
from functools import cache
from importlib import import_module

from django.conf import settings
from django.contrib.auth import get_user
from django.core.handlers.wsgi import WSGIRequest

BODY_LIMIT_ATTRIBUTE = "edge_body_limit"
TOO_LARGE_MESSAGE = (
    "This request is larger than this address accepts, so nothing was saved. "
    "Votes and comments take a few kilobytes; files are uploaded in the back office."
)


def accepts_bodies_up_to(size):
    """Let this view take request bodies of up to `size` bytes (the default is a couple of kilobytes)."""

    def declare(view):
        setattr(view, BODY_LIMIT_ATTRIBUTE, size)
        return view

    return declare


@dataclass(frozen=True)
class BodyLimit:
    size: int
    # The size holds only for a signed-in member of staff; anyone else gets the default.
    is_for_staff: bool = False

    def for_reader(self, is_staff):
        """Return the size that holds for a request from staff (`is_staff`) or anyone else."""
        return self.size if is_staff or not self.is_for_staff else settings.REQUEST_BODY_DEFAULT_LIMIT

    @property
    def needs_staff(self):
        """Return whether only staff may send more than the default."""
        return self.is_for_staff and self.size > settings.REQUEST_BODY_DEFAULT_LIMIT


@cache
def _path_limits():
    return [
        *((re.compile(pattern), BodyLimit(size, is_for_staff=True)) for pattern, size in settings.STAFF_BODY_LIMITS),
        *((re.compile(pattern), BodyLimit(size)) for pattern, size in settings.REQUEST_BODY_LIMITS),
    ]


def body_limit(path, view):
    """Return the body limit of the endpoint at `path`, whose view (as Django resolves it) is `view`."""
    declared = getattr(view, BODY_LIMIT_ATTRIBUTE, None)
    if declared is not None:
        return BodyLimit(declared)
    for pattern, limit in _path_limits():
        if pattern.match(path):
            return limit
    return BodyLimit(settings.REQUEST_BODY_DEFAULT_LIMIT)


def is_staff(user):
    """Return whether `user` may use the back office (Wagtail's permission, which editors have without `is_staff`)."""
    return user is not None and user.is_authenticated and user.has_perm("wagtailadmin.access_admin")


def session_is_staff(environ):
    """Return whether the session cookie of this request (headers only) is a signed-in member of staff.

    Django answers: the session store finds the session, and `get_user` checks the account still
    exists and the password has not changed since the session began.
    """
    request = WSGIRequest(environ)
    key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not key:
        return False
    request.session = import_module(settings.SESSION_ENGINE).SessionStore(key)
    return is_staff(get_user(request))
