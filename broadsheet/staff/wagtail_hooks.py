from django.urls import include, path, reverse
from wagtail import hooks

from broadsheet.staff import avatars, urls


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    return [path("two-factor/", include(urls))]


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    return {
        "url": reverse("staff_two_factor_manage"),
        "label": "Two-factor sign-in",
        "help_text": "Set up an authenticator app, or make new recovery codes.",
    }


# Every avatar in the back office (menu, dashboard, lists, comments in the editor) asks this first.
hooks.register("get_avatar_url", avatars.avatar_url)
