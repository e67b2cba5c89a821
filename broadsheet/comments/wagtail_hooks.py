from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import moderation, reader_desk
from .models import CommunityStandards, DiscussionSetting
from .services import may_moderate


@hooks.register("register_admin_urls")
def moderation_urls():
    return [
        path("comments/", moderation.queue, name="comments_queue"),
        path("comments/log/", moderation.log, name="comments_log"),
        path("comments/readers/", reader_desk.readers, name="comments_readers"),
        path("comments/readers/<int:user_id>/", reader_desk.history, name="comments_reader"),
        path("comments/readers/<int:user_id>/ban/", reader_desk.ban, name="comments_reader_ban"),
        path("comments/readers/<int:user_id>/unban/", reader_desk.unban, name="comments_reader_unban"),
        path("comments/readers/<int:user_id>/delete/", reader_desk.delete, name="comments_reader_delete"),
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
