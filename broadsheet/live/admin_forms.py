"""The live desk's forms: the quick one (one text box) and the full one (the real body editor)."""

from django import forms

from broadsheet.newsroom.models import Author

from .models import LiveEntry


def _model_field(name):
    return LiveEntry._meta.get_field(name).formfield()


class QuickEntryForm(forms.Form):
    """One text box for the entry; blank lines separate paragraphs."""

    text = forms.CharField(
        label="Entry",
        widget=forms.Textarea(attrs={"rows": 4, "autofocus": True}),
        max_length=20000,
        help_text="A blank line starts a new paragraph.",
        error_messages={"required": "Write something in the entry."},
    )
    title = _model_field("title")
    author = forms.ModelChoiceField(
        Author.objects.all(), required=False, empty_label="No byline", help_text="Credited as the byline."
    )
    key_event = forms.BooleanField(required=False, label="Key event", help_text=None)
    pinned = forms.BooleanField(required=False, label="Pinned", help_text=None)

    def clean_text(self):
        text = self.cleaned_data["text"]
        if not text.strip():
            raise forms.ValidationError("Write something in the entry.")
        return text


class EntryForm(forms.Form):
    """The whole entry with the article's body editor (quotes, pictures, embeds, polls)."""

    title = _model_field("title")
    body = _model_field("body")
    author = forms.ModelChoiceField(
        Author.objects.all(), required=False, empty_label="No byline", help_text="Credited as the byline."
    )
    key_event = forms.BooleanField(required=False, label="Key event", help_text="List it among the key events.")
    pinned = forms.BooleanField(
        required=False, label="Pinned", help_text="Keep it at the top of the page (one pinned entry at a time)."
    )
    correction_note = forms.CharField(
        max_length=LiveEntry._meta.get_field("correction_note").max_length,
        label="Correction note",
        help_text="Readers see “Corrected” with the time and this note under the entry: say what was wrong.",
    )

    def __init__(self, *args, entry, **kwargs):
        initial = {name: getattr(entry, name) for name in ("title", "body", "author", "key_event", "pinned")}
        super().__init__(*args, initial=initial, **kwargs)
        # Only a published entry is corrected in public; before that it is simply changed.
        if entry.status != LiveEntry.Status.PUBLISHED:
            del self.fields["correction_note"]
