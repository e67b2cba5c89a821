from django.urls import path, reverse
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import report
from .models import Poll


class PollViewSet(SnippetViewSet):
    model = Poll
    icon = "list-ul"
    menu_label = "Polls"
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["question", "opens_at", "closes_at", "results_shown"]
    search_fields = ["question"]

    def get_urlpatterns(self):
        view = self.permission_policy
        return super().get_urlpatterns() + [
            path("report/<int:pk>/", self.guard(report.poll_report, view), name="report"),
            path("report/<int:pk>/ballots.csv", self.guard(report.ballots_csv, view), name="ballots_csv"),
        ]

    @staticmethod
    def guard(view_function, policy):
        from django.core.exceptions import PermissionDenied

        def guarded(request, *args, **kwargs):
            if not policy.user_has_any_permission(request.user, ["view", "change"]):
                raise PermissionDenied
            return view_function(request, *args, **kwargs)

        return guarded


poll_viewset = PollViewSet()
register_snippet(poll_viewset)


from wagtail import hooks  # noqa: E402


@hooks.register("register_snippet_listing_buttons")
def report_button(snippet, user, next_url=None):
    if isinstance(snippet, Poll):
        yield ListingButton("Report", reverse(poll_viewset.get_url_name("report"), args=[snippet.pk]), priority=5)
