"""The discussion shows each comment's author by name: when a reader is renamed or deleted, it changes.

The comments services invalidate the discussion themselves (`freshness.discussion_changed`); a
name is changed elsewhere (the reader's profile, the account's deletion), so these receivers
invalidate every discussion the reader wrote in.
"""

from django.contrib.auth import get_user_model
from django.db.models.signals import post_save, pre_delete
from django.dispatch import receiver

from broadsheet.accounts.models import Profile
from broadsheet.pagecache.dependencies import invalidate, invalidates, listing_key

from .freshness import discussion_key
from .models import Comment


def discussions_of(user_id):
    articles = Comment.objects.filter(author_id=user_id).values_list("article_id", flat=True).distinct()
    return {discussion_key(article_id) for article_id in articles}


@receiver(post_save, sender=Profile)
@invalidates(listing_key(Comment))
def reader_renamed(sender, instance, **kwargs):
    invalidate(discussions_of(instance.user_id))


@receiver(pre_delete, sender=get_user_model())
@invalidates(listing_key(Comment))
def reader_deleted(sender, instance, **kwargs):
    # Read before the deletion leaves their comments without an author; invalidated once it commits.
    invalidate(discussions_of(instance.pk))
