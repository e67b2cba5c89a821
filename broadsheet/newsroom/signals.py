"""Signals the newsroom sends; apps that keep something per article listen to them."""

from django.dispatch import Signal

# Sent with `pks` after articles were written in bulk, bypassing publish (and so page_published):
# a demo or an import. Listeners bring what they keep per article up to date for those pages.
articles_imported = Signal()

# Sent with `article` (the specific page) when what a published article shows changed without a
# new revision being published: an entry added to a live blog. Listeners that keep something per
# article's content (which polls it carries) bring it up to date from `article.shown_blocks()`.
article_content_changed = Signal()
