"""The back office's "Breaking news": Editors and Administrators set, edit and end alerts."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from wagtail import hooks
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, EditView, SnippetViewSet

from .models import Alert
from .services import end_alert, may_manage_alerts


def refuse_others(view):
    """Answer 403 to staff who may not manage alerts, on every page of "Breaking news".

    Wagtail's admin turns a refusal into a redirect to the dashboard (a 302 that reads like
    success to a script); a plain 403 with a sentence says what happened.
    """

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not may_manage_alerts(request.user):
            return TemplateResponse(request, "alerts/admin/refused.html", status=403)
        return view(request, *args, **kwargs)

    return guarded


class RefusedWith400:
    """Answer a form with errors 400, not Wagtail's 200: nothing was saved, and the page says why."""

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class AlertCreateView(RefusedWith400, CreateView):
    pass


class AlertEditView(RefusedWith400, EditView):
    pass


class AlertViewSet(SnippetViewSet):
    model = Alert
    icon = "warning"
    menu_label = "Breaking news"
    menu_order = 240
    add_to_admin_menu = True
    add_to_reference_index = False
    form_fields = ["text", "link", "expires_at"]
    list_display = ["text", "state", "expires_at", "created_at"]
    add_view_class = AlertCreateView
    edit_view_class = AlertEditView
    # Searched in the database: the list is short, and Wagtail's SQLite full-text backend fails on it.
    search_fields = ["text"]
    search_backend_name = None

    def get_urlpatterns(self):
        patterns = super().get_urlpatterns() + [path("end/<int:pk>/", self.end_view, name="end")]
        return [URLPattern(p.pattern, refuse_others(p.callback), p.default_args, p.name) for p in patterns]

    def end_view(self, request, pk):
        """Ask, then take the alert off every page now."""
        alert = get_object_or_404(Alert, pk=pk)
        refusal = None
        if request.method == "POST":
            try:
                end_alert(user=request.user, alert=alert)
            except ValidationError as error:
                refusal = error.messages[0]
            else:
                messages.success(request, "The alert was ended; readers stop seeing it within seconds.")
                return redirect(self.get_url_name("list"))
        return TemplateResponse(
            request,
            "alerts/admin/end.html",
            {"alert": alert, "refusal": refusal, "list_url": reverse(self.get_url_name("list"))},
            status=400 if refusal else 200,
        )


alert_viewset = AlertViewSet()
register_snippet(alert_viewset)


@hooks.register("register_snippet_listing_buttons")
def end_button(snippet, user, next_url=None):
    if isinstance(snippet, Alert) and snippet.is_active and may_manage_alerts(user):
        yield ListingButton("End now", reverse(alert_viewset.get_url_name("end"), args=[snippet.pk]), priority=5)
