from django import forms
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.widgets import AdminDateTimeInput


class ScheduleInput(AdminDateTimeInput):
    """Wagtail's date and time picker in five-minute steps (its default offers whole hours only)."""

    def get_config(self):
        return {**super().get_config(), "step": 5}


# Tag.name's length; the models import this module, so it is not read from them.
TAG_NAME_LENGTH = 100
MAX_TAGS = 30


def split_tag_names(text):
    """Return the tag names typed in one box, comma-separated, in order, each once (case aside), tidied."""
    names, seen = [], set()
    for part in text.split(","):
        name = " ".join(part.split())
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            names.append(name)
    return names


class TagListInput(forms.TextInput):
    """The box, and beside it the kinds the writer chose for new names (filled by the script)."""

    template_name = "newsroom/admin/tag_list_input.html"

    class Media:
        js = ["newsroom/js/tag_field.js"]
        css = {"all": ["newsroom/css/tag_field.css"]}


class TagListField(forms.CharField):
    def __init__(self, **kwargs):
        super().__init__(
            required=False,
            label="Tags",
            help_text=(
                "Topics, people, places and organisations, in reading order, separated by commas. "
                "Suggestions appear as you type; a name no tag has yet makes a new tag."
            ),
            widget=TagListInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
            **kwargs,
        )

    def clean(self, value):
        names = split_tag_names(super().clean(value) or "")
        too_long = [name for name in names if len(name) > TAG_NAME_LENGTH]
        if too_long:
            raise forms.ValidationError(
                f"“{too_long[0][:40]}…” is too long for a tag: keep names under 100 characters."
            )
        if len(names) > MAX_TAGS:
            raise forms.ValidationError(f"An article takes at most {MAX_TAGS} tags; this has {len(names)}.")
        return names


class ArticlePageForm(WagtailAdminPageForm):
    """The article editing form: a one-line headline, tags typed in one box, the same author refused twice."""

    tag_list = TagListField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("go_live_at", "expire_at"):
            if name in self.fields:
                self.fields[name].widget = ScheduleInput()
        if not self.is_bound:
            from .tag_field import initial_tag_list

            self.initial["tag_list"] = initial_tag_list(self.instance)

    def save(self, commit=True):
        from .models import ArticleTag
        from .tag_field import tags_named

        page = super().save(commit=False)
        # The tags named in the box, in its order; new names were made just before (tag_field.py).
        tags = tags_named(self.cleaned_data.get("tag_list") or [])
        page.tags = [ArticleTag(tag=tag, sort_order=n) for n, tag in enumerate(tags)]
        if commit:
            page.save()
        return page

    def clean_title(self):
        # The headline box wraps like the front page does; a line break typed into it is a space.
        return " ".join(self.cleaned_data["title"].split())

    def is_valid(self):
        # The inline formsets are cleaned after the form's own clean(), so the check comes last.
        if not super().is_valid():
            return False
        for relation, field, label in (("bylines", "author", "author"),):
            chosen = [
                form.cleaned_data[field]
                for form in self.formsets[relation].forms
                if form.cleaned_data.get(field) and not form.cleaned_data.get("DELETE")
            ]
            repeated = sorted({str(item) for item in chosen if chosen.count(item) > 1})
            if repeated:
                self.add_error(None, f"Each {label} can be added only once; remove the repeated {', '.join(repeated)}.")
        return not self.errors
