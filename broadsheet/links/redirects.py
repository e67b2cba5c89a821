"""Editors' redirects (Wagtail's redirects app) lead only to this site, never off it.

Wagtail lets an editor redirect an old address to "any URL", which would make our own domain
send readers wherever an editor (or whoever took over an editor's account) chose. Its form takes
only absolute addresses there, so the address must be on one of this site's hosts; any other
page is chosen with "Redirect to a page". Checked as a validator of the model field, so the
add and edit forms and the CSV import all refuse it with a message.
"""

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from wagtail.contrib.redirects.middleware import RedirectMiddleware

# Whitespace, control characters and backslashes: browsers drop or reinterpret them, so an
# address containing one may not mean what it looks like.
AMBIGUOUS = re.compile(r"[\x00-\x20\x7f\\]")


def site_hosts():
    """Return the host names this site answers as: SITE_URL's, the Wagtail sites' and the short host."""
    from wagtail.models import Site

    hosts = {urlsplit(settings.SITE_URL).hostname, settings.SHORT_LINK_HOST.split(":")[0]}
    hosts |= set(Site.objects.values_list("hostname", flat=True))
    return {host.lower().rstrip(".") for host in hosts if host}


def is_on_this_site(url):
    """Return whether a browser sent to `url` stays on this site (http or https, one of our hosts)."""
    if AMBIGUOUS.search(url):
        return False
    try:
        parts = urlsplit(url)
        hostname = parts.hostname
        parts.port  # noqa: B018  (raises ValueError for a port that is no number)
    except ValueError:
        return False
    if parts.scheme not in ("http", "https") or not hostname or "@" in parts.netloc:
        return False
    return hostname.rstrip(".") in site_hosts()


def validate_on_this_site(value):
    if value and not is_on_this_site(value):
        hosts = ", ".join(sorted(site_hosts()))
        raise ValidationError(
            f"A redirect may only lead to this site ({hosts}). To send readers to one of our pages, "
            "choose it under “Redirect to a page” instead.",
            code="off_site",
        )


def keep_redirects_on_this_site():
    """Add the rule to Wagtail's redirect model, which every redirect form validates against."""
    from wagtail.contrib.redirects.models import Redirect

    field = Redirect._meta.get_field("redirect_link")
    if validate_on_this_site not in field.validators:
        field.validators.append(validate_on_this_site)


class OnSiteRedirectMiddleware(RedirectMiddleware):
    """Wagtail's redirect middleware, refusing to follow a stored redirect that leads off this site.

    The form refuses new off-site redirects; this keeps one stored before the rule (or written
    straight into the database) from sending readers elsewhere: they get the page's own 404.
    """

    def process_response(self, request, response):
        redirected = super().process_response(request, response)
        if redirected is response or not redirected.has_header("Location"):
            return redirected
        location = redirected["Location"]
        if location.startswith("/") and not location.startswith(("//", "/\\")):
            return redirected
        return redirected if is_on_this_site(location) else response
