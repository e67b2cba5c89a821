from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from broadsheet.pagecache.dependencies import invalidate

from .models import Option, Poll
from .services import forget_poll


@receiver(post_save, sender=Poll)
@receiver(post_delete, sender=Poll)
def poll_edited(sender, instance, **kwargs):
    forget_poll(instance.pk)
    invalidate({f"poll:{instance.pk}"})


@receiver(post_save, sender=Option)
@receiver(post_delete, sender=Option)
def option_edited(sender, instance, **kwargs):
    forget_poll(instance.poll_id)
    invalidate({f"poll:{instance.poll_id}"})
