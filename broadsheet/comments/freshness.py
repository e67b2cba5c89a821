"""An article's discussion as the page cache knows it: one dependency key, given a new version on every change.

The discussion is kept and invalidated like every other cached thing (docs/caching.md): the
comments fragment is kept by `pagecache.remember` under `discussion_key`, and every service that
changes what the discussion shows calls `discussion_changed`, which invalidates that key once the
change commits. The article's own page never shows comments, so it is left alone.
"""

from broadsheet.pagecache.dependencies import invalidate, invalidates, listing_key

from .models import Comment


def discussion_key(article_id):
    """Return the dependency key of the comments shown under one article."""
    return listing_key(Comment, article_id)


@invalidates(listing_key(Comment), run_by="services")
def discussion_changed(article_id):
    """Give the article's discussion a new version once the change commits."""
    invalidate({discussion_key(article_id)})
