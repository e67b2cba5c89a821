"""How a live blog shows in the core's feeds, sitemaps and news sitemap (registered from apps.py).

A live blog changes for readers with every entry, outside its revisions: its "changed at" (the
lastmod of sitemaps, the updated time of feeds) is its latest entry change, and lists that print
change times are re-rendered when it moves. While its coverage is live it stays in the news
sitemap, however long ago it was first published.
"""

from django.db.models import Q, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.dispatch import receiver

from broadsheet.newsroom.signals import article_content_changed
from broadsheet.pagecache.dependencies import invalidate, invalidates, listing_key

from .models import LiveEntry, LivePage


def latest_entry_change(article):
    """Return, as a database expression, when readers last saw an entry of `article` (an OuterRef to
    an article's id) published or corrected; NULL for an article with none (every plain article).

    A deleted entry keeps its times: its deletion leaves the moment where it was, never earlier.
    """
    seen = LiveEntry.objects.filter(page_id=article).exclude(status=LiveEntry.Status.SUBMITTED)
    moment = Greatest("published_at", Coalesce("corrected_at", "published_at"))
    return Subquery(seen.annotate(moment=moment).order_by("-moment").values("moment")[:1])


def change_times_key():
    """Return the key of every live blog's latest entry change, which lists of change times depend on."""
    return listing_key(LivePage)


def is_live():
    """Select the articles that are live blogs whose coverage is live (they stay news)."""
    return Q(livepage__coverage_status=LivePage.Status.LIVE)


@receiver(article_content_changed, sender=LivePage)
@invalidates(listing_key(LivePage))
def entries_changed(sender, article, **kwargs):
    # Sitemaps print each article's change time: one entry's change moves this live blog's.
    invalidate({change_times_key()})


def register():
    from broadsheet.newsroom import plugins

    from .structured_data import live_blog_posting

    plugins.register_change_time(latest_entry_change, change_times_key())
    plugins.register_still_news(is_live)
    plugins.register_structured_data(LivePage, live_blog_posting)
