from django.conf import settings
from django.http import HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt

from broadsheet.edge.chain import short_chain
from broadsheet.fragments.http import shared_fragment
from broadsheet.throttle import allow

from . import counters
from .services import count_view, is_countable_article

IGNORED = 204


# Every page view sends one, so it takes the short middleware chain: it needs no session or account.
@short_chain
@csrf_exempt  # a beacon carries no token; it changes no reader's state, only a count (and none is set)
def view_beacon(request):
    """Count that a reader's browser shows an article (sent after load, so cached pages count too).

    Answers 204 whether or not the view counted (a crawler, a prefetch, a repeat, an article that is
    not visible): the browser does not wait for it and learns nothing from it.
    """
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"], "Views are counted by the page's beacon (POST).")
    try:
        article_id = int(request.POST.get("article", ""))
    except ValueError:
        return JsonResponse({"message": "Send the id of the article that was read."}, status=400)
    reader = request.reader
    # Another site's page cannot count views for us (a beacon is a simple request, sent anywhere).
    if reader.is_automated or request.headers.get("Sec-Fetch-Site") == "cross-site":
        return HttpResponse(status=IGNORED)
    if not allow(reader, "view"):
        return JsonResponse({"message": "Too many views from your network; please slow down."}, status=429)
    if article_id > 0 and is_countable_article(article_id, request):
        own_hosts = {request.get_host().split(":")[0].lower(), *settings.ALLOWED_HOSTS}
        count_view(article_id=article_id, reader=reader, referrer=request.POST.get("ref", ""), own_hosts=own_hosts)
    return HttpResponse(status=IGNORED)


# A few seconds: a comment approved or a view counted shows soon, and a spike still shares one answer.
@shared_fragment(max_age=5)
def article_counts(request, article_id):
    """Return an article's counters for its action bar ("12 comments · 439 views"), the same for everyone."""
    return render(request, "metrics/counts.html", {"counts": counters.counts_for(article_id)})
