from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from broadsheet.newsroom.desk import may_publish

from . import desk


@hooks.register("register_admin_urls")
def legal_urls():
    return [path("messages/", desk.contact_messages, name="legal_messages")]


class MessagesMenuItem(MenuItem):
    def is_shown(self, request):
        return may_publish(request.user)


@hooks.register("register_admin_menu_item")
def messages_menu_item():
    return MessagesMenuItem("Messages", reverse("legal_messages"), icon_name="mail", order=275)
