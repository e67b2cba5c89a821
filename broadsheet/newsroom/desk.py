"""The newsroom's desk: each writer's own work, and for editors what is scheduled, waiting and out today.

A Reporter's desk is theirs: a "New article" in a section, their drafts, what came back to them
with the reviewer's comment, what they submitted, what is scheduled and what went out today. An
Editor's adds the review queue, the schedule and today's publications for everyone, and the
counts feature apps put on the desk (held and flagged comments). Read from Wagtail's own records
(revisions, workflow states, the page log), so the desk never disagrees with the page editor.
Days and times are the newsroom's (NEWSROOM_TIME_ZONE).
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from itertools import groupby

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry, Revision, WorkflowState
from wagtail.permission_policies.pages import PagePermissionPolicy

from . import plugins
from .datelines import newsroom_zone
from .models import ArticlePage, SectionPage

# How far ahead the desk looks, and how many items the dashboard panel lists.
DAYS_AHEAD = 14
PANEL_ITEMS = 5


def may_use_desk(user):
    """Return whether the user writes or edits articles (Reporters, Editors, Administrators)."""
    return PagePermissionPolicy().user_has_any_permission(user, ["add", "change", "publish"])


def may_publish(user):
    """Return whether the user publishes (Editors, Administrators): their desk holds everyone's work."""
    return PagePermissionPolicy().user_has_permission(user, "publish")


@dataclass
class DeskItem:
    article: ArticlePage
    at: datetime
    who: str
    edit_url: str | None
    note: str = ""
    comment: str = ""


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

    def sections_to_write_in(self):
        """Return the live sections where this user may start an article, in the site's order."""
        sections = SectionPage.objects.live().order_by("path")
        return [s for s in sections if s.permissions_for_user(self.user).can_add_subpage()]

    def counts(self):
        """Return [(label, number, address)] the feature apps put on this user's desk."""
        return plugins.desk_counts(self.user)

    def workflow_states(self, status, **filters):
        return list(
            WorkflowState.objects.filter(content_type=self.article_type, status=status, **filters)
            .select_related("requested_by", "current_task_state__task", "current_task_state__finished_by")
            .order_by("created_at")
        )

    def my_drafts(self):
        """Return the articles this user started that are not live, in review or scheduled, last saved first."""
        elsewhere = {
            int(pk)
            for pk in WorkflowState.objects.active()
            .filter(content_type=self.article_type)
            .values_list("object_id", flat=True)
        } | {
            int(pk)
            for pk in Revision.objects.filter(
                content_type=self.article_type, approved_go_live_at__isnull=False
            ).values_list("object_id", flat=True)
        }
        articles = (
            ArticlePage.objects.filter(owner=self.user, live=False)
            .exclude(pk__in=elsewhere)
            .defer_streamfields()
            .order_by("-latest_revision_created_at")
        )
        return [
            DeskItem(
                article, article.latest_revision_created_at or article.first_published_at, "you", self.edit_url(article)
            )
            for article in articles
        ]

    def returned_to_me(self):
        """Return this user's articles a reviewer sent back, with the reviewer's comment, longest waiting first."""
        states = self.workflow_states(WorkflowState.STATUS_NEEDS_CHANGES, requested_by=self.user)
        found = self.articles(s.object_id for s in states)
        items = []
        for state in states:
            article = found.get(int(state.object_id))
            if article is None:
                continue
            task_state = state.current_task_state
            reviewer = person(task_state.finished_by) if task_state else "not recorded"
            at = (task_state.finished_at if task_state else None) or state.created_at
            comment = (task_state.comment if task_state else "") or ""
            items.append(DeskItem(article, at, reviewer, self.edit_url(article), "Changes requested", comment))
        return items

    def my_submitted(self):
        """Return this user's articles waiting for review."""
        return [item for item in self.awaiting_review() if item.article.owner_id == self.user.pk]

    def my_published_today(self):
        return [item for item in self.published_today() if item.article.owner_id == self.user.pk]

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

    def awaiting_review(self):
        """Return the articles waiting for a reviewer, longest waiting first (not those sent back to their writer)."""
        states = self.workflow_states(WorkflowState.STATUS_IN_PROGRESS)
        found = self.articles(s.object_id for s in states)
        items = []
        for state in states:
            article = found.get(int(state.object_id))
            if article is None:
                continue
            task = state.current_task_state.task.name if state.current_task_state else ""
            items.append(DeskItem(article, state.created_at, person(state.requested_by), self.edit_url(article), task))
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


def by_day(items):
    """Return [(the newsroom's date, items)] for items in time order, grouped by the newsroom's day."""
    zone = newsroom_zone()
    return [(day, list(group)) for day, group in groupby(items, key=lambda item: item.at.astimezone(zone).date())]
