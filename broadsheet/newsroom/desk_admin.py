"""The editor's desk in the back office: its page, its dashboard panel, and the wording of approval (hooks)."""

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

from .datelines import format_dateline, newsroom_zone
from .desk import PANEL_ITEMS, Desk, may_use_desk


class DeskView(WagtailAdminTemplateMixin, TemplateView):
    """The desk page: scheduled by day, awaiting review, published today."""

    page_title = "Editor's desk"
    header_icon = "calendar-alt"
    template_name = "newsroom/desk/desk.html"

    def dispatch(self, request, *args, **kwargs):
        if not may_use_desk(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        desk = Desk(self.request.user)
        return super().get_context_data(
            scheduled_days=desk.scheduled_by_day(),
            awaiting=desk.awaiting_review(),
            published=desk.published_today(),
            zone=newsroom_zone(),
            **kwargs,
        )


class DeskPanel(Component):
    """The dashboard's summary of the desk: the next scheduled, the waiting, today's count."""

    name = "editors_desk"
    order = 50
    template_name = "newsroom/desk/panel.html"

    class Media:
        css = {"all": ["newsroom/css/desk.css"]}

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        desk = Desk(self.user)
        scheduled, awaiting, published = desk.scheduled(), desk.awaiting_review(), desk.published_today()
        return {
            "scheduled": scheduled[:PANEL_ITEMS],
            "scheduled_count": len(scheduled),
            "awaiting": awaiting[:PANEL_ITEMS],
            "awaiting_count": len(awaiting),
            "published_count": len(published),
            "desk_url": reverse("newsroom_desk"),
            "zone": newsroom_zone(),
        }


@hooks.register("register_admin_urls")
def register_desk_url():
    return [path("desk/", DeskView.as_view(), name="newsroom_desk")]


class DeskMenuItem(MenuItem):
    def is_shown(self, request):
        return may_use_desk(request.user)


@hooks.register("register_admin_menu_item")
def register_desk_menu_item():
    return DeskMenuItem("Editor's desk", reverse("newsroom_desk"), icon_name="calendar-alt", order=150)


@hooks.register("construct_homepage_panels")
def add_desk_panel(request, panels):
    if may_use_desk(request.user):
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
