"""The standing pages' links at the foot of every page, and the cache key they are kept under."""

from wagtail.models import Page, Site

from broadsheet.pagecache.dependencies import listing_key

from .models import ContactPage, LegalPage


def standing_pages_key():
    """Return the key of the list of standing pages (About, Contact, Privacy, Terms) that every footer prints."""
    return listing_key(LegalPage)


def footer_dependencies(context):
    return {standing_pages_key()}


def standing_pages(request):
    """Return the live, public standing pages directly under the site's front page, in the editors' order."""
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return []
    pages = Page.objects.live().public().type(LegalPage, ContactPage).child_of(site.root_page)
    return list(pages.order_by("path"))
