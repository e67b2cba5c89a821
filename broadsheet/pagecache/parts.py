"""Parts of a page kept between its renders, each until what it shows changes.

A page leaves the page cache when anything it shows changes: an article when a story in one of
its tags is published, since its related headlines may change. Its body, its section bar and its
action bar did not change, and they are most of its render. A part is kept under the dependency
keys of what it shows (the same keys the page cache uses), so re-rendering the page renders only
the parts that changed ("Russian-doll" caching, exact as the page cache is).

The page that shows a part depends on the part's keys too: `kept_part` records them on the
request, and `CachedPageMixin` adds them to the page's own. A part inside a part adds its keys to
the outer one, so a kept outer part is dropped when an inner one would be.

Previews never use kept parts: a draft shares its page's id but not its content.
"""

from django.conf import settings
from django.utils.safestring import mark_safe

from .dependencies import NAVIGATION, current_epoch, remember_with_dependencies


def parts_apply(request):
    """Return whether this request may use and keep parts (a reader's GET, not an editor's preview)."""
    return (
        settings.PAGE_PARTS_ENABLED
        and request is not None
        and request.method in ("GET", "HEAD")
        and not getattr(request, "is_preview", False)
    )


def part_dependencies(request):
    """Return the dependency keys of the parts this request's page showed so far."""
    if request is None:
        return set()
    return request.__dict__.setdefault("_page_part_dependencies", set())


def kept_part(request, name, render):
    """Return the HTML `render()` makes for this part of a page, kept until its dependencies change.

    `render` returns (html, the dependency keys of what the html shows). `name` names the part
    and everything its HTML differs by (the page's id, the revision shown): two renders under one
    name must give the same HTML while the keys keep their versions.
    """
    inner = _inner_dependencies(request)

    def compute():
        inner.append(set())
        try:
            html, dependencies = render()
        finally:
            collected = inner.pop()
        # Every page prints the navigation, and addresses change with it (a section renamed).
        return str(html), frozenset(dependencies) | collected | {NAVIGATION}

    if parts_apply(request):
        html, dependencies = remember_with_dependencies(
            f"part:{settings.SITE_URL}:{name}", compute, timeout=settings.PAGE_PARTS_SECONDS, epoch=_epoch(request)
        )
    else:
        html, dependencies = compute()
    if inner:
        inner[-1] |= dependencies
    part_dependencies(request).update(dependencies)
    return mark_safe(html)  # noqa: S308  (templates escaped it when it was rendered)


def _epoch(request):
    # Read once per request: every part of one page is checked against the same moment.
    if "_page_part_epoch" not in request.__dict__:
        request._page_part_epoch = current_epoch()
    return request._page_part_epoch


def _inner_dependencies(request):
    if request is None:
        return []
    return request.__dict__.setdefault("_page_part_stack", [])
