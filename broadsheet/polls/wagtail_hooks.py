from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.widgets import ListingButton
from wagtail.log_actions import LogFormatter, log
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import SnippetChooserViewSet, SnippetCreateView
from wagtail.snippets.views.snippets import SnippetViewSet

from . import report
from .forms import CorrectWordingForm
from .models import Poll
from .services import correct_wording


class PollCreationForm(forms.ModelForm):
    """The short form for a new poll inside an article's poll chooser: the question and its options."""

    option_lines = forms.CharField(
        label="Options",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One answer per line, two to ten, in the order readers will see them.",
    )

    class Meta:
        model = Poll
        fields = ["question", "option_lines", "results_shown"]

    def clean_option_lines(self):
        lines = [line.strip() for line in self.cleaned_data["option_lines"].splitlines() if line.strip()]
        if not 2 <= len(lines) <= 10:
            raise forms.ValidationError(f"Write two to ten options, one per line (you wrote {len(lines)}).")
        if len(set(lines)) != len(lines):
            raise forms.ValidationError("Each option must be different.")
        if any(len(line) > 200 for line in lines):
            raise forms.ValidationError("Keep each option under 200 characters.")
        return lines

    def save(self, commit=True):
        poll = super().save(commit=False)
        for order, text in enumerate(self.cleaned_data["option_lines"]):
            poll.options.add(poll.options.model(text=text, sort_order=order))
        poll.save()  # a ClusterableModel saves its options with it
        return poll


class LoggedPollCreateView(SnippetCreateView):
    """Create a poll from inside the article's chooser, recorded in its history like the full form."""

    def save_form(self, form):
        poll = form.save()
        log(instance=poll, action="wagtail.create", user=self.request.user)
        return poll


class PollChooserViewSet(SnippetChooserViewSet):
    create_view_class = LoggedPollCreateView
    creation_form_class = PollCreationForm
    create_action_label = "Create a new poll"


def can_publish(user):
    return user.has_perm("polls.publish_poll")


class PollViewSet(SnippetViewSet):
    model = Poll
    icon = "list-ul"
    menu_label = "Polls"
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["question", "status", "opens_at", "closes_at", "results_shown"]
    list_filter = ["status"]
    search_fields = ["question"]
    # The list is searched in the database (icontains): Wagtail's SQLite full-text backend answered
    # 500 ("no such column") when a list view named its fields; the lists are short.
    search_backend_name = None
    chooser_viewset_class = PollChooserViewSet

    def get_urlpatterns(self):
        view = self.permission_policy
        return super().get_urlpatterns() + [
            path("report/<int:pk>/", self.guard(report.poll_report, view), name="report"),
            path("report/<int:pk>/ballots.csv", self.guard(report.ballots_csv, view), name="ballots_csv"),
            path("correct/<int:pk>/", self.correct_view, name="correct"),
        ]

    @staticmethod
    def guard(view_function, policy):
        def guarded(request, *args, **kwargs):
            if not policy.user_has_any_permission(request.user, ["view", "change"]):
                raise PermissionDenied
            return view_function(request, *args, **kwargs)

        return guarded

    def correct_view(self, request, pk):
        """An editor corrects the wording of a voted poll; recorded, logged and shown to readers."""
        if not can_publish(request.user):
            raise PermissionDenied
        poll = get_object_or_404(Poll, pk=pk)
        form = CorrectWordingForm(request.POST or None, poll=poll)
        if request.method == "POST" and form.is_valid():
            try:
                correct_wording(
                    poll=poll,
                    question=form.cleaned_data["question"],
                    options=form.option_texts(),
                    note=form.cleaned_data["note"],
                    user=request.user,
                )
            except ValidationError as refusal:
                form.add_error(None, refusal.messages[0])
            else:
                messages.success(request, "The wording was corrected; readers see your note under the poll.")
                return redirect(self.get_url_name("history"), poll.pk)
        return TemplateResponse(
            request,
            "polls/admin/correct.html",
            {"form": form, "poll": poll, "header_title": f"Correct wording: {poll.question}"},
            status=400 if form.errors else 200,
        )


poll_viewset = PollViewSet()
register_snippet(poll_viewset)


@hooks.register("register_snippet_listing_buttons")
def report_button(snippet, user, next_url=None):
    if isinstance(snippet, Poll):
        yield ListingButton("Report", reverse(poll_viewset.get_url_name("report"), args=[snippet.pk]), priority=5)
        if can_publish(user):
            url = reverse(poll_viewset.get_url_name("correct"), args=[snippet.pk])
            yield ListingButton("Correct wording", url, priority=6)
        yield ListingButton("History", reverse(poll_viewset.get_url_name("history"), args=[snippet.pk]), priority=7)


@hooks.register("register_log_actions")
def register_poll_actions(actions):
    @actions.register_action("polls.correct_wording")
    class CorrectionFormatter(LogFormatter):
        label = "Correct wording"

        def format_message(self, log_entry):
            before, after = log_entry.data.get("before", {}), log_entry.data.get("after", {})
            changes = []
            if before.get("question") != after.get("question"):
                changes.append(f"question “{before.get('question')}” → “{after.get('question')}”")
            for pk, text in (before.get("options") or {}).items():
                new = (after.get("options") or {}).get(pk)
                if new != text:
                    changes.append(f"option “{text}” → “{new}”")
            return "Corrected the wording: " + "; ".join(changes)

        def format_comment(self, log_entry):
            return log_entry.data.get("note", "")
