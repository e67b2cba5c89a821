"""Parts of a page kept between its renders, each until what it shows changes.

A page leaves the page cache when anything it shows changes: an article when one of its related
headlines changes. Its body, its section bar and its action bar did not change, and they are
most of its render. A part is kept under the dependency
keys of what it shows (the same keys the page cache uses), so re-rendering the page renders only
the parts that changed ("Russian-doll" caching, exact as the page cache is).

The page that shows a part depends on the part's keys too: `kept_part` records them on the
request (`RequestState`), and the page cache middleware adds them to the page's own. A part
inside a part adds its keys to the outer one, so a kept outer part is dropped when an inner one
would be.

Previews never use kept parts: a draft shares its page's id but not its content.
"""

from django.conf import settings
from django.utils.safestring import mark_safe

from .dependencies import NAVIGATION, remember_with_dependencies, request_state


def parts_apply(request):
    """Return whether this request may use and keep parts: a GET with no session, not a preview.

    Pages are the same bytes for every reader, and so are their parts; keeping them only from
    renders for a reader without a session (nobody signed in) means a part can never carry one
    reader's state to another. (The session cookie is looked at, not the session: reading the
    session would mark the page as varying by cookie, and the page cache would not keep it.)
    """
    if not settings.PAGE_PARTS_ENABLED or request is None or request.method not in ("GET", "HEAD"):
        return False
    return not getattr(request, "is_preview", False) and settings.SESSION_COOKIE_NAME not in request.COOKIES


def record_dependencies(request, dependencies):
    """Count these keys among what the request's page shows (and the part being rendered shows)."""
    if request is None:
        return
    state = request_state(request)
    if state.parts:
        state.parts[-1] |= set(dependencies)
    state.dependencies.update(dependencies)


def kept_part(request, name, render):
    """Return the HTML `render()` makes for this part of a page, kept until its dependencies change.

    `render` returns (html, the dependency keys of what the html shows). `name` names the part
    and everything its HTML differs by (the page's id, the revision shown): two renders under one
    name must give the same HTML while the keys keep their versions.
    """
    parts = request_state(request).parts if request is not None else []

    def compute():
        parts.append(set())
        try:
            html, dependencies = render()
        finally:
            collected = parts.pop()
        # Every page prints the navigation, and addresses change with it (a section renamed).
        return str(html), frozenset(dependencies) | collected | {NAVIGATION}

    if parts_apply(request):
        html, dependencies = remember_with_dependencies(
            f"part:{settings.SITE_URL}:{name}", compute, timeout=settings.PAGE_PARTS_SECONDS, request=request
        )
    else:
        html, dependencies = compute()
    record_dependencies(request, dependencies)
    # The HTML a template rendered, which escaped what it printed (B308/B703 checked).
    return mark_safe(html)  # noqa: S308 # nosec B308 B703
