"""The desk in the back office: its page, "New article", its dashboard panel, and the wording of approval (hooks)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils import timezone
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page

from . import plugins
from .datelines import format_dateline, newsroom_zone
from .desk import PANEL_ITEMS, Desk, by_day, may_publish, may_use_desk


def desk_context(user, *, items=None):
    """What a user's desk shows: their own work, and for those who publish, everyone's."""
    desk = Desk(user)
    publishes = may_publish(user)
    context = {
        "publishes": publishes,
        "counts": desk.counts(),
        "zone": newsroom_zone(),
        "new_article_url": reverse("newsroom_new_article"),
        "desk_url": reverse("newsroom_desk"),
    }
    if not may_use_desk(user):
        return context
    context |= {
        "writes": True,
        "drafts": desk.my_drafts(),
        "returned": desk.returned_to_me(),
        # The whole schedule: a reporter sees what goes out when, with edit links where Wagtail allows.
        "scheduled": desk.scheduled(),
    }
    if publishes:
        context |= {"awaiting": desk.awaiting_review(), "published": desk.published_today()}
    else:
        context |= {"submitted": desk.my_submitted(), "published": desk.my_published_today()}
    if items is not None:  # the dashboard lists a few of each
        for name in ("drafts", "returned", "submitted", "scheduled", "awaiting", "published"):
            if name in context:
                context[f"{name}_count"] = len(context[name])
                context[name] = context[name][:items]
    return context


class DeskView(WagtailAdminTemplateMixin, TemplateView):
    """The desk page: the user's own work; for editors also the review queue, the schedule and today's output."""

    page_title = "Desk"
    header_icon = "calendar-alt"
    template_name = "newsroom/desk/desk.html"

    def dispatch(self, request, *args, **kwargs):
        if not may_use_desk(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = desk_context(self.request.user)
        context["scheduled_days"] = by_day(context["scheduled"])
        return super().get_context_data(**context, **kwargs)


class NewArticleView(WagtailAdminTemplateMixin, TemplateView):
    """ "New article": the sections this user may write in, each one click from the article form."""

    page_title = "New article"
    header_icon = "doc-full"
    template_name = "newsroom/desk/new_article.html"

    def dispatch(self, request, *args, **kwargs):
        self.sections = Desk(request.user).sections_to_write_in() if may_use_desk(request.user) else []
        if not self.sections:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("newsroom_desk"), "label": "Desk"},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        sections = [
            (section, reverse("wagtailadmin_pages:add", args=("newsroom", "articlepage", section.pk)))
            for section in self.sections
        ]
        return super().get_context_data(sections=sections, **kwargs)


class DeskPanel(Component):
    """The dashboard's desk, the first thing each member of the newsroom sees: counts and the next few items."""

    name = "editors_desk"
    order = 50
    template_name = "newsroom/desk/panel.html"

    class Media:
        css = {"all": ["newsroom/css/desk.css"]}

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        return desk_context(self.user, items=PANEL_ITEMS)


@hooks.register("register_admin_urls")
def register_desk_url():
    return [
        path("desk/", DeskView.as_view(), name="newsroom_desk"),
        path("desk/new/", NewArticleView.as_view(), name="newsroom_new_article"),
    ]


class DeskMenuItem(MenuItem):
    def is_shown(self, request):
        return may_use_desk(request.user)


@hooks.register("register_admin_menu_item")
def register_desk_menu_item():
    return DeskMenuItem("Desk", reverse("newsroom_desk"), icon_name="calendar-alt", order=150)


@hooks.register("construct_homepage_panels")
def add_desk_panel(request, panels):
    # Moderators have no articles, but the desk counts of comments waiting for them.
    if may_use_desk(request.user) or plugins.desk_counts(request.user):
        panels.insert(0, DeskPanel(request.user))


@hooks.register("after_edit_page")
def say_published_on_approval(request, page):
    """Say "published" (or when it will be) after "Approve and publish", where Wagtail says "updated"."""
    if not request.POST.get("action-workflow-action") or request.POST.get("workflow-action-name") != "approve":
        return None
    page = Page.objects.get(pk=page.pk)
    latest = page.latest_revision
    title = page.get_admin_display_title()
    if page.live and page.live_revision_id == page.latest_revision_id:
        said = f"'{title}' is approved and published."
    elif latest and latest.approved_go_live_at and latest.approved_go_live_at > timezone.now():
        said = f"'{title}' is approved and will be published at {format_dateline(latest.approved_go_live_at)}."
    else:
        return None  # approved one step of a longer workflow: Wagtail's wording stands
    # Messages are re-queued through the public API: reading them marks the old ones used.
    queued = list(messages.get_messages(request))
    for message in queued:
        text = said if "has been updated" in str(message.message) else message.message
        messages.add_message(request, message.level, text, extra_tags=message.extra_tags)
    return None
