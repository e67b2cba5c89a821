"""Which Wagtail site (and home page) answers a host, read once and kept until the navigation changes.

Wagtail finds the site of every request with a query, then reads its home page with two more,
before routing can start. The answer changes only when a site or the home page does, so a
reader's request takes it from the cache, under the keys that those changes invalidate.
"""

from django.http.request import split_domain_port
from wagtail.models import Site
from wagtail.views import serve as wagtail_serve

from broadsheet.pagecache.dependencies import NAVIGATION, page_key, remember
from broadsheet.private_apis import give_request_its_site, request_knows_its_site


def kept_site(request):
    """Return the site answering this request, with its home page already read as its own type."""
    # The host is one ALLOWED_HOSTS admits: CommonMiddleware asked `get_host()` before any view
    # runs and answered 400 otherwise. (Wagtail reads the raw host because it also finds sites
    # outside the middleware chain.)
    hostname = split_domain_port(request.get_host())[0]
    port = request.get_port()

    def look_up():
        site = Site.find_for_request(request)
        if site is None:
            return None, set()
        home = site.root_page.specific
        site.root_page = home  # routing starts from the home page's own type (`route` is overridden there)
        return site, {NAVIGATION, page_key(home)}

    return remember(f"site:{hostname}:{port}", look_up, request=request)


class KeptSiteMiddleware:
    """Give a reader's request for a page its site from the cache, where Wagtail would ask the database."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is wagtail_serve and request.method in ("GET", "HEAD") and not request_knows_its_site(request):
            site = kept_site(request)
            if site is not None:
                give_request_its_site(request, site)
        return None
