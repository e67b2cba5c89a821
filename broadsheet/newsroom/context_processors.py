from django.conf import settings
from django.utils.functional import SimpleLazyObject
from wagtail.models import Site

from .models import SectionPage


def site_chrome(request):
    """Return what the header and footer of every reader page show (sections read at most once)."""

    def sections():
        site = Site.find_for_request(request)
        if site is None:
            return []
        return list(SectionPage.objects.children_of(site.root_page).visible().order_by("path"))

    return {
        "site_name": settings.WAGTAIL_SITE_NAME,
        "site_description": settings.SITE_DESCRIPTION,
        "nav_sections": SimpleLazyObject(sections),
        # Readers' sign-in (LOGIN_URL); staff keep the back office's own.
        "login_url": settings.LOGIN_URL,
    }
