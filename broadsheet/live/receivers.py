"""The live blog follows its breakouts: an entry links to its article once that article is published."""

from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from broadsheet.newsroom.models import ArticlePage

from . import services


@receiver(page_published)
@receiver(page_unpublished)
def show_breakout_links(sender, instance, **kwargs):
    # Every publication passes here; one indexed query finds the (rare) entries broken out into this page.
    if isinstance(instance, ArticlePage):
        services.breakout_changed(instance)
