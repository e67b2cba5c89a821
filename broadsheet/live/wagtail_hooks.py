from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button, ListingButton

from broadsheet.newsroom.desk import may_use_desk

from . import admin_views
from .models import LivePage


@hooks.register("register_admin_urls")
def live_desk_urls():
    entry = "live/<int:page_id>/entries/<int:entry_id>"
    return [
        path("live/", admin_views.live_blogs, name="live_blogs"),
        path("live/<int:page_id>/", admin_views.desk, name="live_desk"),
        path("live/<int:page_id>/coverage/", admin_views.coverage, name="live_coverage"),
        path(f"{entry}/publish/", admin_views.publish, name="live_publish"),
        path(f"{entry}/edit/", admin_views.edit, name="live_edit"),
        path(f"{entry}/delete/", admin_views.delete, name="live_delete"),
        path(f"{entry}/break-out/", admin_views.break_out, name="live_break_out"),
    ]


class LiveBlogsMenuItem(MenuItem):
    def is_shown(self, request):
        return may_use_desk(request.user)


@hooks.register("register_admin_menu_item")
def live_blogs_menu_item():
    return LiveBlogsMenuItem("Live blogs", reverse("live_blogs"), icon_name="time", order=205)


def is_live_blog(page):
    return issubclass(page.specific_class or object, LivePage)


@hooks.register("register_page_header_buttons")
def live_desk_header_button(page, user, view_name, next_url=None):
    if is_live_blog(page) and page.permissions_for_user(user).can_edit():
        yield Button("Live desk", reverse("live_desk", args=[page.pk]), icon_name="time", priority=5)


@hooks.register("register_page_listing_buttons")
def live_desk_listing_button(page, user, next_url=None):
    if is_live_blog(page) and page.permissions_for_user(user).can_edit():
        yield ListingButton("Live desk", reverse("live_desk", args=[page.pk]), icon_name="time", priority=5)
