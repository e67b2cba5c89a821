from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import moderation
from .models import CommunityStandards, DiscussionSetting
from .services import may_moderate


@hooks.register("register_admin_urls")
def moderation_urls():
    return [
        path("comments/", moderation.queue, name="comments_queue"),
        path("comments/log/", moderation.log, name="comments_log"),
    ]


class ModerationMenuItem(MenuItem):
    def is_shown(self, request):
        return may_moderate(request.user)


@hooks.register("register_admin_menu_item")
def moderation_menu_item():
    return ModerationMenuItem("Comments", reverse("comments_queue"), icon_name="comment", order=260)


class StandardsViewSet(SnippetViewSet):
    model = CommunityStandards
    icon = "doc-full"
    menu_label = "Community standards"


class DiscussionSettingViewSet(SnippetViewSet):
    model = DiscussionSetting
    icon = "cog"
    menu_label = "Discussion settings"
    list_display = ["page", "moderation", "is_closed"]


register_snippet(StandardsViewSet())
register_snippet(DiscussionSettingViewSet())
