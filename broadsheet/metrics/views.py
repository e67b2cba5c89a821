from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt

from broadsheet.fragments.http import shared_fragment
from broadsheet.identity import reader_of
from broadsheet.throttle import allow

from . import counters
from .services import count_view, is_countable_article, known_visibility

IGNORED = 204


@csrf_exempt  # a beacon carries no token; it changes no reader's state, only a count (and none is set)
def view_beacon(request):
    """Count that a reader's browser shows an article (sent after load, so cached pages count too).

    Answers 204 whether or not the view counted (a crawler, a prefetch, a repeat, an article that is
    not visible): the browser does not wait for it and learns nothing from it. Under `make run`'s
    server the front answers beacons itself with `answer_beacon_early`, through the same function.
    """
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"], "Views are counted by the page's beacon (POST).")
    return answer_beacon(request, request.reader)


def answer_beacon_early(environ):
    """Answer a beacon before Django's middleware runs (the front calls this); None leaves it to Django.

    A beacon needs no session, user or CSRF token, and it arrives once per page view from every
    reader: skipping the middleware and URL routing is most of its cost.
    """
    if environ["REQUEST_METHOD"] != "POST":
        return None
    request = WSGIRequest(environ)
    try:
        request.get_host()
    except DisallowedHost:
        return None  # Django answers it, with its own 400
    return answer_beacon(request, reader_of(request, with_account=False))


def answer_beacon_on_loop(environ):
    """Answer a beacon on the front's event loop, or None when that would need the database.

    Everything a beacon does here is in memory (the front registers this only without Redis),
    except finding out whether the article may be counted, which is asked of the database once per
    article every few seconds: that one goes to a Django thread (the loop must never wait on a
    database lock, and Django refuses queries on it).
    """
    if environ["REQUEST_METHOD"] != "POST":
        return None
    request = WSGIRequest(environ)
    try:
        request.get_host()
        article_id = int(request.POST.get("article", ""))
    except (DisallowedHost, ValueError):
        return None  # an answer with a message, from a thread
    known = known_visibility(article_id) if article_id > 0 else False
    if known is None:
        return None
    # What is known now is the answer: asking again could find it expired and go to the database.
    return answer_beacon(request, reader_of(request, with_account=False), countable=lambda _: known)


def answer_beacon(request, reader, countable=is_countable_article):
    try:
        article_id = int(request.POST.get("article", ""))
    except ValueError:
        return JsonResponse({"message": "Send the id of the article that was read."}, status=400)
    # Another site's page cannot count views for us (a beacon is a simple request, sent anywhere).
    if reader.is_automated or request.headers.get("Sec-Fetch-Site") == "cross-site":
        return HttpResponse(status=IGNORED)
    if not allow(reader, "view", limit=settings.VIEW_BEACONS_PER_MINUTE):
        return JsonResponse({"message": "Too many views from your network; please slow down."}, status=429)
    if article_id > 0 and countable(article_id):
        own_hosts = {request.get_host().split(":")[0].lower(), *settings.ALLOWED_HOSTS}
        count_view(article_id=article_id, reader=reader, referrer=request.POST.get("ref", ""), own_hosts=own_hosts)
    return HttpResponse(status=IGNORED)


# A few seconds: a comment approved or a view counted shows soon, and a spike still shares one answer.
@shared_fragment(max_age=5)
def article_counts(request, article_id):
    """Return an article's counters for its action bar ("12 comments · 439 views"), the same for everyone."""
    return render(request, "metrics/counts.html", {"counts": counters.counts_for(article_id)})
