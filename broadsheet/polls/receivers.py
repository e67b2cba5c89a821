from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from broadsheet.newsroom.models import ArticlePage
from broadsheet.newsroom.signals import article_content_changed
from broadsheet.pagecache.dependencies import invalidate, invalidates, object_key

from .blocks import PollBlock
from .models import Correction, Option, Placement, Poll


@receiver(post_save, sender=Poll)
@receiver(post_delete, sender=Poll)
@invalidates(object_key(Poll))
def poll_edited(sender, instance, **kwargs):
    invalidate({object_key(Poll, instance.pk)})


@receiver(post_save, sender=Option)
@receiver(post_delete, sender=Option)
@receiver(post_save, sender=Correction)
@invalidates(object_key(Poll))
def option_edited(sender, instance, **kwargs):
    invalidate({object_key(Poll, instance.poll_id)})


def polls_in(article):
    """Return the ids of the polls in an article's body as it is now (its published version, once live)."""
    return {child.value.pk for child in article.shown_blocks() if isinstance(child.block, PollBlock) and child.value}


@receiver(page_published)
@receiver(article_content_changed)
@invalidates(object_key(Poll))
def article_published(sender, instance=None, article=None, **kwargs):
    # A poll's visibility follows what readers see: placed polls appear with it, removed ones leave
    # (a revision published, or an entry of a live blog added or deleted).
    article = (article or instance).specific
    if not isinstance(article, ArticlePage):
        return
    placed = polls_in(article)
    before = set(Placement.objects.filter(article=article).values_list("poll_id", flat=True))
    Placement.objects.filter(article=article).exclude(poll_id__in=placed).delete()
    Placement.objects.bulk_create(
        [Placement(poll_id=poll_id, article=article) for poll_id in placed - before], ignore_conflicts=True
    )
    # Who may vote changed for these polls (the pages showing them are re-rendered too).
    invalidate({object_key(Poll, poll_id) for poll_id in placed | before})


@receiver(page_unpublished)
@invalidates(object_key(Poll))
def article_unpublished(sender, instance, **kwargs):
    placements = Placement.objects.filter(article_id=instance.pk)
    invalidate({object_key(Poll, poll_id) for poll_id in placements.values_list("poll_id", flat=True)})
    placements.delete()
