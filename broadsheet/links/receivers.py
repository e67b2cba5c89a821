from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.signals import page_published

from broadsheet.newsroom.models import ArticlePage
from broadsheet.pagecache.dependencies import invalidate, invalidates, page_key

from .models import ShortLink
from .services import shorten


@receiver(page_published)
def give_article_its_short_link(sender, instance, **kwargs):
    """Give an article its short link when it is first published (later publications keep it)."""
    if isinstance(instance, ArticlePage):
        shorten(instance)


@receiver(post_save, sender=ShortLink)
@invalidates(page_key())
def link_made(sender, instance, created, **kwargs):
    # An article prints its own short link in its action bar, so a copy cached before the link
    # existed is re-rendered (links made in the back office or for older articles included).
    if created and instance.page_id:
        invalidate({page_key(instance.page_id)})
