"""The banner is kept by the page cache under one key; these invalidate that key, and nothing else."""

from datetime import timedelta

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from broadsheet.operations.signals import scheduler_pass
from broadsheet.pagecache.dependencies import invalidate, invalidates, listing_key

from .models import LONGEST_DURATION, Alert, banner_key

# When the scheduler last looked for expired alerts, in the shared cache so that a restarted
# scheduler (or the one on another node) carries on from there.
LAST_LOOK_KEY = "alerts:expiries-seen-until"


@receiver(post_save, sender=Alert)
@receiver(post_delete, sender=Alert)
@invalidates(listing_key(Alert))
def alert_changed(sender, instance, **kwargs):
    # Set, edited, ended early or deleted: the banner may show another alert or none. Pages do not
    # print alerts, so no page (and not the navigation) is invalidated.
    invalidate({banner_key()})


@receiver(scheduler_pass)
@invalidates(listing_key(Alert), run_by="schedule")
def alert_expired(sender, **kwargs):
    """Invalidate the banner when an alert reached its expiry since the last pass (one indexed query)."""
    now = timezone.now()
    # With no record (a first start, an emptied cache) look back as far as an alert can last: an
    # alert expired before that was seen by an earlier pass or was never on a kept banner for long.
    since = cache.get(LAST_LOOK_KEY) or now - LONGEST_DURATION - timedelta(minutes=1)
    if Alert.objects.expired_between(since, now).exists():
        invalidate({banner_key()})
    cache.set(LAST_LOOK_KEY, now, timeout=None)
