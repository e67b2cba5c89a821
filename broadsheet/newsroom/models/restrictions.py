"""Which pages are private, read at most once per request.

Every listing on a page (the route to the article, its related headlines, the navigation, the
front page's rows) asks "outside any private section?", and Wagtail asks again before serving.
The answer cannot change in the middle of a reader's request, so it is read once and forgotten when
the request ends. Outside a request (tasks, commands, the shell) it is read every time, as before.
"""

from threading import local

from django.core.signals import request_finished, request_started
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction

_request = local()


def restricted_paths():
    """Return the tree paths of the pages that carry a view restriction (usually none)."""
    if getattr(_request, "active", False) and getattr(_request, "paths", None) is not None:
        return _request.paths
    restricted = list(PageViewRestriction.objects.values_list("page_id", flat=True))
    paths = list(Page.objects.filter(pk__in=restricted).values_list("path", flat=True)) if restricted else []
    if getattr(_request, "active", False):
        _request.paths = paths
    return paths


def _start(**kwargs):
    _request.active, _request.paths = True, None


def _forget(**kwargs):
    _request.paths = None


def _finish(**kwargs):
    _request.active, _request.paths = False, None


request_started.connect(_start, dispatch_uid="newsroom-restrictions-start")
request_finished.connect(_finish, dispatch_uid="newsroom-restrictions-finish")
# An editor restricting a page in the back office reads the new answer in the same request.
post_save.connect(_forget, sender=PageViewRestriction, dispatch_uid="newsroom-restrictions-saved")
post_delete.connect(_forget, sender=PageViewRestriction, dispatch_uid="newsroom-restrictions-deleted")


class ReadsRestrictionsOnce:
    """A page mixin: Wagtail's check before serving skips its two queries when nothing is private."""

    def get_view_restrictions(self):
        if not restricted_paths():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()
