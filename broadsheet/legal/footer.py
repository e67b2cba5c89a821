"""The standing pages' links at the foot of every page, and the cache key they are kept under."""

from wagtail.models import Page, Site

from broadsheet.pagecache.dependencies import NAVIGATION, listing_key, remember

from .models import ContactPage, LegalPage


def standing_pages_key():
    """Return the key of the list of standing pages (About, Contact, Privacy, Terms) that every footer prints."""
    return listing_key(LegalPage)


def footer_dependencies(context):
    return {standing_pages_key()}


def standing_pages(request):
    """Return [(title, address)] of the live, public standing pages under the site's front page, in the editors' order.

    Kept until one of them is published, unpublished, moved or deleted, or a privacy change
    (which invalidates the navigation): every page that is not in the page cache prints them.
    """
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return []

    def look_up():
        pages = Page.objects.live().public().type(LegalPage, ContactPage).child_of(site.root_page).order_by("path")
        return [(page.title, page.url) for page in pages], {standing_pages_key(), NAVIGATION}

    return remember(f"standing-pages:{site.pk}", look_up, request=request)
