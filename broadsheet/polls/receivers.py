from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from broadsheet.pagecache.dependencies import invalidate, invalidates, object_key

from .models import Option, Poll
from .services import forget_poll


@receiver(post_save, sender=Poll)
@receiver(post_delete, sender=Poll)
@invalidates(object_key(Poll))
def poll_edited(sender, instance, **kwargs):
    forget_poll(instance.pk)
    invalidate({object_key(Poll, instance.pk)})


@receiver(post_save, sender=Option)
@receiver(post_delete, sender=Option)
@invalidates(object_key(Poll))
def option_edited(sender, instance, **kwargs):
    forget_poll(instance.poll_id)
    invalidate({object_key(Poll, instance.poll_id)})
