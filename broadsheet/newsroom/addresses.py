"""Absolute addresses on the site's real host, for everything read outside the page.

Feeds, sitemaps, JSON-LD and canonical links are read by machines that keep the address they are
given, so they are built from SITE_URL, never from Wagtail's Site record or the request's Host
header (a proxy or a mistyped Host must not leak into a search engine's index).
"""

import re
from urllib.parse import urlsplit

from django.conf import settings

# XML 1.0 refuses these characters outright (Django's feed writer raises on them), and JSON
# readers choke on some; a headline pasted from a word processor can carry them.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
RELATIVE_REFERENCE = re.compile(r'(\s(?:src|href|srcset)=")/(?!/)')


def absolute(path):
    """Return `path` (an address on this site, "/world/…") on the site's real host."""
    if path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL + ("" if path.startswith("/") else "/") + path


def site_host():
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def page_path(page):
    """Return a page's path on the site ("/world/slug/"), read from its tree path, not from Site."""
    return page.get_url_parts()[2]


def page_url(page):
    return absolute(page_path(page))


def clean_text(text):
    """Return text without the control characters XML cannot carry."""
    return CONTROL_CHARACTERS.sub("", text or "")


def absolute_references(html):
    """Make the site-relative src/href attributes of rendered HTML absolute (for feed readers)."""
    return RELATIVE_REFERENCE.sub(lambda m: f"{m.group(1)}{settings.SITE_URL}/", html)


def site_host_and_port():
    """Return SITE_URL's host name and port (80 or 443 when it names none)."""
    parts = urlsplit(settings.SITE_URL)
    return parts.hostname or "localhost", parts.port or (443 if parts.scheme == "https" else 80)


def ensure_default_site():
    """Keep Wagtail's default Site on SITE_URL's host and port; return it (None before the home page exists).

    Wagtail builds the back office's "View live" links and page previews from the Site record, so
    it must name the same host readers use.
    """
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return None
    host, port = site_host_and_port()
    if (site.hostname, site.port) != (host, port):
        site.hostname, site.port = host, port
        site.save(update_fields=["hostname", "port"])
    return site
