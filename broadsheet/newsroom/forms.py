from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.widgets import AdminDateTimeInput


class ScheduleInput(AdminDateTimeInput):
    """Wagtail's date and time picker in five-minute steps (its default offers whole hours only)."""

    def get_config(self):
        return {**super().get_config(), "step": 5}


class ArticlePageForm(WagtailAdminPageForm):
    """The article editing form: a one-line headline, and the same author or tag refused twice."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("go_live_at", "expire_at"):
            if name in self.fields:
                self.fields[name].widget = ScheduleInput()

    def clean_title(self):
        # The headline box wraps like the front page does; a line break typed into it is a space.
        return " ".join(self.cleaned_data["title"].split())

    def is_valid(self):
        # The inline formsets are cleaned after the form's own clean(), so the check comes last.
        if not super().is_valid():
            return False
        for relation, field, label in (("bylines", "author", "author"), ("tags", "tag", "tag")):
            chosen = [
                form.cleaned_data[field]
                for form in self.formsets[relation].forms
                if form.cleaned_data.get(field) and not form.cleaned_data.get("DELETE")
            ]
            repeated = sorted({str(item) for item in chosen if chosen.count(item) > 1})
            if repeated:
                self.add_error(None, f"Each {label} can be added only once; remove the repeated {', '.join(repeated)}.")
        return not self.errors
