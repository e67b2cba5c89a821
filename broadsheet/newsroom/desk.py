"""The editor's desk: what is scheduled, what awaits review and what went out today, in one place.

Read from Wagtail's own records (scheduled revisions, workflow states, the page log), so the desk
never disagrees with the page editor. Days and times are the newsroom's (NEWSROOM_TIME_ZONE).
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from itertools import groupby

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry, Revision, WorkflowState
from wagtail.permission_policies.pages import PagePermissionPolicy

from .datelines import newsroom_zone
from .models import ArticlePage

# How far ahead the desk looks, and how many items the dashboard panel lists.
DAYS_AHEAD = 14
PANEL_ITEMS = 5


def may_use_desk(user):
    """Return whether the user writes or edits articles (Reporters, Editors, Administrators)."""
    return PagePermissionPolicy().user_has_any_permission(user, ["add", "change", "publish"])


@dataclass
class DeskItem:
    article: ArticlePage
    at: datetime
    who: str
    edit_url: str | None
    note: str = ""


def person(user):
    if user is None:
        return "not recorded"
    return user.get_full_name() or user.get_username()


def local_midnight(now):
    today = now.astimezone(newsroom_zone()).date()
    return datetime.combine(today, time(0), tzinfo=newsroom_zone())


class Desk:
    """The desk as one user sees it: every article, with edit links where that user may edit."""

    def __init__(self, user, now=None):
        self.user = user
        self.now = now or timezone.now()
        self.article_type = ContentType.objects.get_for_model(ArticlePage)

    def edit_url(self, article):
        # Wagtail's own rule (its permissions are cached per user), so a link never leads to a refusal.
        may_edit = article.permissions_for_user(self.user).can_edit()
        return reverse("wagtailadmin_pages:edit", args=(article.pk,)) if may_edit else None

    def articles(self, ids):
        return ArticlePage.objects.defer_streamfields().in_bulk({int(pk) for pk in ids})

    def scheduled(self):
        """Return the approved, scheduled publications of the coming days, soonest first."""
        revisions = list(
            Revision.objects.filter(
                content_type=self.article_type,
                approved_go_live_at__isnull=False,
                approved_go_live_at__lt=self.now + timedelta(days=DAYS_AHEAD),
            )
            .select_related("user")
            .order_by("approved_go_live_at")
        )
        found = self.articles(r.object_id for r in revisions)
        items = []
        for revision in revisions:
            article = found.get(int(revision.object_id))
            if article is not None:
                at = revision.approved_go_live_at
                items.append(DeskItem(article, at, person(revision.user), self.edit_url(article)))
        return items

    def scheduled_by_day(self):
        """Return [(local date, items)] for the scheduled publications, grouped by the newsroom's day."""
        zone = newsroom_zone()
        items = self.scheduled()
        return [(day, list(group)) for day, group in groupby(items, key=lambda item: item.at.astimezone(zone).date())]

    def awaiting_review(self):
        """Return the articles in the approval workflow, longest waiting first."""
        states = list(
            WorkflowState.objects.active()
            .filter(content_type=self.article_type)
            .select_related("requested_by", "current_task_state__task")
            .order_by("created_at")
        )
        found = self.articles(s.object_id for s in states)
        items = []
        for state in states:
            article = found.get(int(state.object_id))
            if article is None:
                continue
            task = state.current_task_state.task.name if state.current_task_state else ""
            note = "Changes requested" if state.status == WorkflowState.STATUS_NEEDS_CHANGES else task
            items.append(DeskItem(article, state.created_at, person(state.requested_by), self.edit_url(article), note))
        return items

    def published_today(self):
        """Return the articles first published since the newsroom's midnight, newest first, and who published them.

        Republished corrections and edits of older stories are not new on the desk; their history
        is in each article's log.
        """
        articles = list(
            ArticlePage.objects.live()
            .filter(first_published_at__gte=local_midnight(self.now), first_published_at__lte=self.now)
            .defer_streamfields()
            .order_by("-first_published_at")
        )
        publishers = {}
        entries = PageLogEntry.objects.filter(
            page__in=[a.pk for a in articles], action__in=["wagtail.publish", "wagtail.publish.scheduled"]
        ).select_related("user")
        for entry in entries.order_by("timestamp"):
            publishers.setdefault(entry.page_id, entry)
        items = []
        for article in articles:
            entry = publishers.get(article.pk)
            scheduled = entry is not None and entry.action == "wagtail.publish.scheduled"
            who = person(entry.user) if entry and entry.user else ("the scheduler" if scheduled else "not recorded")
            items.append(DeskItem(article, article.first_published_at, who, self.edit_url(article)))
        return items
