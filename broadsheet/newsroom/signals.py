"""Signals the newsroom sends; apps that keep something per article listen to them."""

from django.dispatch import Signal

# Sent with `pks` after articles were written in bulk, bypassing publish (and so page_published):
# a demo or an import. Listeners bring what they keep per article up to date for those pages.
articles_imported = Signal()
