"""Counting readers: a view per reader and article each half hour, written in batches; most read."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Sum
from django.utils import timezone
from wagtail.models import Page

from broadsheet.counting.buffer import add_counts
from broadsheet.counting.sightings import Sightings
from broadsheet.newsroom.models import ArticlePage, SectionPage
from broadsheet.pagecache.dependencies import invalidate, invalidates, listing_key, page_key, remember

from .models import HourlyViews, Referral, ViewTotal

HOSTNAME = re.compile(r"^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$")


def is_countable_article(article_id, request=None):
    """Return whether readers may see this article now.

    Beacons arrive by the thousand for the same few articles, so what decides it is kept by the
    page cache (`remember`) under the article's page key, which publishing, unpublishing, moving
    and privacy changes invalidate: the window the article is visible in (none while it is not
    live and public), compared with the clock at every beacon. An id no article has is not kept (a
    flood of random ids must not fill the cache); the per-network beacon allowance bounds what
    asking the database for them costs.
    """

    def look():
        articles = ArticlePage.objects.filter(pk=article_id)
        if not articles.exists():
            return None, set()
        return (articles.visible_windows().get(article_id),), {page_key(article_id)}

    kept = remember(f"metrics:countable:{article_id}", look, request=request)
    return kept is not None and kept[0] is not None and kept[0].contains(timezone.now())


def referring_domain(referrer, own_hosts):
    """Return the other site a reader came from (its domain only), or "" for none, ours or nonsense."""
    try:
        host = (urlsplit(referrer).hostname or "").lower().rstrip(".")
    except ValueError:
        return ""
    host = host.removeprefix("www.")
    if not HOSTNAME.match(host) or host in own_hosts:
        return ""
    return host


def count_view(*, article_id, reader, referrer="", own_hosts=(), now=None):
    """Count a reader's view of a visible article, once per reader per half hour (counting/sightings.py).

    The reader is recognised by a daily-salted hash of network and browser, and one network adds
    at most READERS_COUNTED_PER_NETWORK views to an article in a half hour. The view is noted in a
    buffer and decided and written every COUNT_FLUSH_SECONDS, not at once.
    """
    now = now or timezone.now()
    views.note(thing_id=article_id, reader=reader, now=now, detail=referring_domain(referrer, own_hosts))


def existing_articles(ids):
    """Return the ids among these that are still articles (one may be deleted between view and flush)."""
    return set(ArticlePage.objects.filter(pk__in=set(ids)).values_list("pk", flat=True))


def write_views(firsts):
    """Add counted views ([(article id, moment, referring domain)]) to the hours, totals and referrals."""
    alive = existing_articles(article_id for article_id, _, _ in firsts)
    hourly, totals, referrals = {}, {}, {}
    for article_id, moment, domain in firsts:
        if article_id not in alive:
            continue
        hour = moment.replace(minute=0, second=0, microsecond=0)
        hourly[(article_id, hour)] = hourly.get((article_id, hour), 0) + 1
        totals[article_id] = totals.get(article_id, 0) + 1
        if domain:
            key = (article_id, moment.date(), domain)
            referrals[key] = referrals.get(key, 0) + 1
    adapt = connection.ops.adapt_datetimefield_value
    add_counts(HourlyViews, ["article", "hour"], "views", [(a, adapt(h), n) for (a, h), n in hourly.items()])
    add_counts(ViewTotal, ["article"], "views", list(totals.items()))
    add_counts(
        Referral, ["article", "day", "domain"], "views", [(a, d, dom, n) for (a, d, dom), n in referrals.items()]
    )


views = Sightings("metrics.views", write_views)


def view_counts(article_ids):
    """Return {article id: views so far} (written counts: at most one flush behind)."""
    found = dict(ViewTotal.objects.filter(article_id__in=article_ids).values_list("article_id", "views"))
    return {pk: found.get(pk, 0) for pk in article_ids}


def views_counter(article_id):
    """Return the action bar's view counter for an article: (views, singular, plural)."""
    return view_counts([article_id])[article_id], "view", "views"


# ---------------------------------------------------------------------------------------------
# Most read: the last 24 hours, on the front page and each section page
# ---------------------------------------------------------------------------------------------
MOST_READ_KEY = "metrics:most-read"
MOST_READ_DUE_KEY = "metrics:most-read:due"
MOST_READ_LENGTH = 5
# Pages that show most-read lists depend on this key; it changes only when a list does.
MOST_READ = listing_key(HourlyViews)


def compute_most_read(now=None):
    """Return {"front": [...], "<section id>": [...]} of (id, headline, url), the most read in the last day."""
    now = now or timezone.now()
    ranked = (
        HourlyViews.objects.filter(hour__gte=now - timedelta(hours=24))
        .values("article")
        .annotate(total=Sum("views"))
        .order_by("-total", "-article")[:200]
    )
    order = [row["article"] for row in ranked]
    articles = ArticlePage.objects.visible().defer_streamfields().in_bulk(order)
    sections = dict(SectionPage.objects.values_list("path", "pk"))
    lists = {"front": []}
    for pk in order:
        article = articles.get(pk)
        if article is None:
            continue
        entry = (pk, article.title, article.url)
        if len(lists["front"]) < MOST_READ_LENGTH:
            lists["front"].append(entry)
        section = str(sections.get(article.path[: -Page.steplen], ""))
        section_list = lists.setdefault(section, [])
        if len(section_list) < MOST_READ_LENGTH:
            section_list.append(entry)
    return lists


def refresh_most_read(now=None):
    """Recompute the most-read lists; re-render the pages that show them only if a list changed."""
    lists = compute_most_read(now)
    if cache.get(MOST_READ_KEY) != lists:
        cache.set(MOST_READ_KEY, lists, timeout=None)
        invalidate({MOST_READ})
    return lists


# Run by every web process after its periodic flush (registered in apps.py); it is what keeps the
# pages that show most-read lists up to date, so it is the one that declares invalidating them.
@invalidates(MOST_READ, run_by="schedule")
def refresh_most_read_when_due():
    """Refresh the lists at most every MOST_READ_REFRESH_SECONDS, across all processes."""
    if cache.add(MOST_READ_DUE_KEY, 1, timeout=settings.MOST_READ_REFRESH_SECONDS):
        refresh_most_read()


def most_read(place, request=None):
    """Return the most-read entries for "front" or a section id (computed now if none are kept).

    The kept lists are minutes old: an article unpublished or made private since then is dropped
    here, by the one definition of visible, so it leaves the list the moment it leaves the site
    (its own key re-renders every page that lists it).
    """
    # A page asks twice while it renders (the list, and the keys it depends on): answer once.
    asked = getattr(request, "_most_read", None)
    if asked is not None and place in asked:
        return asked[place]
    lists = cache.get(MOST_READ_KEY)
    if lists is None:
        lists = refresh_most_read()
    entries = lists.get(str(place), [])
    if entries:
        visible = set(ArticlePage.objects.visible().filter(pk__in=[e[0] for e in entries]).values_list("pk", flat=True))
        entries = [entry for entry in entries if entry[0] in visible]
    if request is not None:
        request._most_read = {**(asked or {}), place: entries}
    return entries
