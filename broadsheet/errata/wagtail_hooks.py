from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from broadsheet.newsroom.desk import may_publish

from . import desk


@hooks.register("register_admin_urls")
def errata_urls():
    return [path("errata/", desk.reports, name="errata_reports")]


class ErrataMenuItem(MenuItem):
    def is_shown(self, request):
        return may_publish(request.user)


@hooks.register("register_admin_menu_item")
def errata_menu_item():
    return ErrataMenuItem("Corrections", reverse("errata_reports"), icon_name="warning", order=270)
