"""Which Terms readers accept when they sign up: the live Terms page, named by a version that changes on publishing."""

from dataclasses import dataclass

from .models import LegalPage


@dataclass(frozen=True)
class Terms:
    """The Terms page as a reader accepts it: `version` is stable until an editor publishes the page again."""

    version: str
    url: str


def current_terms():
    """Return the live Terms, or None when no Terms page is published.

    The version is the date of the last publication and the live revision's number, e.g.
    "2026-12-07.31": a new publication always gives a new version, and a reader's record can be
    matched with the exact text in the page's history.
    """
    page = LegalPage.objects.live().public().filter(kind=LegalPage.Kind.TERMS).order_by("-last_published_at").first()
    if page is None:
        return None
    return Terms(version=f"{page.last_published_at:%Y-%m-%d}.{page.live_revision_id}", url=page.url)
