from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from broadsheet.newsroom.models import ArticlePage

from . import reports


@hooks.register("register_admin_urls")
def readership_urls():
    return [
        path("readership/", reports.site_report, name="metrics_site_report"),
        path("readership/article/<int:pk>/", reports.article_report, name="metrics_article_report"),
    ]


@hooks.register("register_admin_menu_item")
def readership_menu_item():
    return MenuItem("Readership", reverse("metrics_site_report"), icon_name="view", order=260)


@hooks.register("register_page_header_buttons")
def readership_button(page, user, view_name, next_url=None):
    if isinstance(page.specific_deferred, ArticlePage) and page.live:
        yield Button("Readership", reverse("metrics_article_report", args=[page.pk]), icon_name="view", priority=80)
