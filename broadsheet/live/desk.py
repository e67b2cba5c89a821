"""The live desk's number on the newsroom's desk: entries Reporters sent that wait for an editor."""

from django.urls import reverse

from broadsheet.newsroom.desk import may_publish

from .models import LiveEntry


def waiting_count(user):
    """How many live entries wait for an editor, for those who publish (one query; None for the others)."""
    if not may_publish(user):
        return None
    return LiveEntry.objects.filter(status=LiveEntry.Status.SUBMITTED).count()


def live_blogs_url():
    return reverse("live_blogs")
