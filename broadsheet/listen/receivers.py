"""Listen reacts to the newsroom: audio for published articles, bulletins when the top stories move."""

from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from wagtail.signals import page_published, page_unpublished

from broadsheet.newsroom.models import ArticlePage, HomePage
from broadsheet.operations.signals import scheduler_pass
from broadsheet.pagecache.dependencies import invalidate, invalidates, object_key

from .models import ArticleAudio, Bulletin
from .services import queue_article_audio, seconds_since_last_bulletin
from .tasks import make_bulletin


@receiver(page_published)
def render_when_text_changed(sender, instance, **kwargs):
    """Queue the article's audio when its spoken text changed; a tag or picture edit changes nothing."""
    if isinstance(instance, ArticlePage):
        queue_article_audio(article=instance)


# Publications come in bursts (a desk publishing, the demo's forty): one bulletin job per burst.
BULLETIN_DEBOUNCE_SECONDS = 30


@receiver(page_published)
@receiver(page_unpublished)
def top_stories_may_have_moved(sender, instance, **kwargs):
    # The job runs after the burst and compares the stories with the last bulletin's: nothing is
    # made when they are the same.
    if isinstance(instance, (ArticlePage, HomePage)):
        transaction.on_commit(queue_bulletin_after_burst)


def queue_bulletin_after_burst():
    # Marked once committed, so a publication rolled back holds up no bulletin.
    if cache.add("listen:bulletin-after-publish", 1, timeout=BULLETIN_DEBOUNCE_SECONDS):
        at = timezone.now() + timedelta(seconds=BULLETIN_DEBOUNCE_SECONDS)
        make_bulletin.using(run_after=at).enqueue()


@receiver(scheduler_pass)
def hourly_bulletin(sender, **kwargs):
    # The scheduler passes every few seconds; queue at most one bulletin job per few minutes.
    if seconds_since_last_bulletin() >= settings.LISTEN_BULLETIN_EVERY_SECONDS and cache.add(
        "listen:bulletin-queued", 1, timeout=300
    ):
        make_bulletin.enqueue()


@receiver(post_save, sender=ArticleAudio)
@receiver(post_delete, sender=ArticleAudio)
@invalidates(object_key(ArticleAudio))
def audio_saved(sender, instance, **kwargs):
    # The action bar shows "Listen" from the audio row: any change may show or hide it.
    invalidate({object_key(ArticleAudio, instance.pk)})


@receiver(post_delete, sender=ArticleAudio)
def audio_deleted(sender, instance, **kwargs):
    if instance.file:
        name, storage = instance.file.name, instance.file.storage
        transaction.on_commit(lambda: storage.delete(name))


@receiver(post_save, sender=Bulletin)
@receiver(post_delete, sender=Bulletin)
@invalidates(object_key(Bulletin))
def bulletin_saved(sender, instance, **kwargs):
    invalidate({object_key(Bulletin)})
