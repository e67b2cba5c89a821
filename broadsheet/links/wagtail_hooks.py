from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, ObjectList, PageChooserPanel
from wagtail.admin.widgets import ListingButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import report
from .forms import ShortLinkForm
from .models import ShortLink


class KeptForeverPolicy(ModelPermissionPolicy):
    """Nobody deletes a short link: its code must never be handed out again (README, Short links)."""

    def user_has_permission(self, user, action):
        return action != "delete" and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([a for a in actions if a != "delete"])


register_permission_policy(ShortLink, KeptForeverPolicy(ShortLink))


class ShortLinkViewSet(SnippetViewSet):
    model = ShortLink
    icon = "link"
    menu_label = "Short links"
    menu_order = 260
    add_to_admin_menu = True
    list_display = ["code", "target", "created_at"]
    edit_handler = ObjectList(
        [
            PageChooserPanel("page", ["newsroom.ArticlePage", "newsroom.SectionPage"]),
            FieldPanel("tag"),
            FieldPanel("author"),
        ],
        base_form_class=ShortLinkForm,
    )

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("clicks/<int:pk>/", self.guard(report.link_clicks), name="clicks"),
            path("misses/", self.guard(report.misses), name="misses"),
        ]

    def guard(self, view_function):
        policy = self.permission_policy

        def guarded(request, *args, **kwargs):
            if not policy.user_has_any_permission(request.user, ["view", "change"]):
                raise PermissionDenied
            return view_function(request, *args, **kwargs)

        return guarded


short_link_viewset = ShortLinkViewSet()
register_snippet(short_link_viewset)


@hooks.register("register_snippet_listing_buttons")
def clicks_button(snippet, user, next_url=None):
    if isinstance(snippet, ShortLink):
        yield ListingButton("Clicks", reverse(short_link_viewset.get_url_name("clicks"), args=[snippet.pk]), priority=5)
