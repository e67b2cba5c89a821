from django import forms
from django.contrib.humanize.templatetags.humanize import intcomma
from wagtail.admin.forms import WagtailAdminModelForm

LOCKED_WORDING = (
    "Readers have voted in this poll, so its question and options are locked: a changed word would change "
    "what their votes mean. An editor can fix a mistake with “Correct wording”, which readers see as a correction."
)
LIVE_FOR_REPORTERS = (
    "Readers can see this poll now, so only an editor can change it. Ask an editor, or start a new poll."
)


class PollForm(WagtailAdminModelForm):
    """The back office's poll form: a public poll is an editor's, a voted poll's wording is locked."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.wording_locked = bool(self.instance.pk) and self.instance.ballots.exists()
        if self.wording_locked:
            # Shown locked before anyone types (read-only, not disabled: a changed value still
            # posted gets the message below rather than being dropped in silence).
            question = self.fields.get("question")
            if question is not None:
                question.widget.attrs["readonly"] = True
                question.help_text = LOCKED_WORDING
            for form in getattr(self.formsets.get("options"), "forms", []):
                if form.instance.pk and "text" in form.fields:
                    form.fields["text"].widget.attrs["readonly"] = True

    def _post_clean(self):
        super()._post_clean()
        if self.errors and self.instance.pk:
            # The form copied the refused wording onto the poll; the page's title and header are
            # read from it, and must show what is saved, not what was refused.
            self.instance.refresh_from_db(fields=["question"])

    def clean(self):
        cleaned = super().clean()
        poll = self.instance
        if poll.pk is None:
            return cleaned
        user = getattr(self, "for_user", None)
        if not (user and user.has_perm("polls.publish_poll")) and type(poll).objects.public().filter(pk=poll.pk):
            self.add_error(None, LIVE_FOR_REPORTERS)
            return cleaned
        options = self.formsets.get("options")
        if self.wording_locked and ("question" in self.changed_data or self.changes_wording(options)):
            self.add_error(None, LOCKED_WORDING)
        for form in getattr(options, "deleted_forms", []):
            option = form.instance
            # Ballots point at their option (on_delete=PROTECT): removing it would lose votes.
            count = option.ballots.count() if option.pk else 0
            if count:
                self.add_error(
                    None,
                    f"“{option.text}” has {intcomma(count)} vote{'s' if count != 1 else ''} and cannot be removed. "
                    "Close this poll and start a new one if the options must change.",
                )
        return cleaned

    @staticmethod
    def changes_wording(options):
        """Return whether the options formset renames, adds or removes an option (reordering is allowed)."""
        if options is None or not options.is_valid():
            return False  # the formset's own errors are shown; nothing is saved
        deleted_forms = options.deleted_forms  # empty when the formset cannot delete
        for form in options.forms:
            deleted = form in deleted_forms
            if form.instance.pk is None:
                if form.has_changed() and not deleted:
                    return True
            elif deleted or "text" in form.changed_data:
                return True
        return False


class CorrectWordingForm(forms.Form):
    """An editor's correction of a voted poll: the question, each option's text, and a note for readers."""

    question = forms.CharField(max_length=200)
    note = forms.CharField(
        label="Correction note for readers",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown under the poll with today's date, e.g. “An earlier version misspelt an option.”",
    )

    def __init__(self, *args, poll, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["question"].initial = poll.question
        self.option_fields = []
        for number, option in enumerate(poll.options.order_by("sort_order", "pk"), start=1):
            name = f"option_{option.pk}"
            self.fields[name] = forms.CharField(
                label=f"Option {number} ({intcomma(option.votes)} vote{'s' if option.votes != 1 else ''})",
                max_length=200,
                initial=option.text,
            )
            self.option_fields.append((option.pk, name))
        self.order_fields(["question", *[name for _, name in self.option_fields], "note"])

    def option_texts(self):
        return {pk: self.cleaned_data[name] for pk, name in self.option_fields}
