from django.http import HttpResponse
from django.template.loader import render_to_string
from django.views.decorators.http import require_safe

from broadsheet.pagecache.dependencies import mark_cacheable

from .models import Alert, banner_key

# How long CDNs keep the banner: readers poll every 3 s, so a new alert reaches them within 3 + 1 s.
BANNER_SHARED_SECONDS = 1


@require_safe
def banner(request):
    """Answer the banner: the same bytes for every reader, kept by the page cache until an alert changes.

    Rendered without the request (no context processors), so nothing per reader (session, CSRF
    token) can reach it, and the page cache and the edge's fast path answer it without Django.
    """
    html = render_to_string("alerts/banner.html", {"alert": Alert.objects.shown()})
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    return mark_cacheable(response, {banner_key()}, shared_seconds=BANNER_SHARED_SECONDS)
