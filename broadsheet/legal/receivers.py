"""Keep the footer exact: every page lists the standing pages, so publishing one changes that list."""

from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished, post_page_move

from broadsheet.pagecache.dependencies import invalidate, invalidates

from .footer import standing_pages_key
from .models import ContactPage, LegalPage

SIGNALS = [page_published, page_unpublished, post_delete, post_page_move]


@receiver(SIGNALS, sender=LegalPage)
@receiver(SIGNALS, sender=ContactPage)
@invalidates(standing_pages_key())
def standing_page_changed(sender, instance, **kwargs):
    # A title, an address, a page coming or going: each changes the links at the foot of every page.
    invalidate({standing_pages_key()})
