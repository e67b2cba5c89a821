from django import forms
from wagtail.admin.forms import WagtailAdminModelForm

from .models import ShortLink
from .services import SHORTENED_PAGE_TYPES

TARGETS = ("page", "tag", "author")


class ShortLinkForm(WagtailAdminModelForm):
    """Make a link for one section, article, tag or author; a made link never changes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Printed links and QR codes must keep leading where they led: nothing is editable.
            for field in self.fields.values():
                field.disabled = True

    def clean(self):
        cleaned = super().clean()
        chosen = [name for name in TARGETS if cleaned.get(name)]
        if self.instance.pk:
            return cleaned
        if len(chosen) != 1:
            raise forms.ValidationError("Choose one page, one tag or one author for the link to lead to.")
        name = chosen[0]
        target = cleaned[name]
        if name == "page" and not isinstance(target.specific, SHORTENED_PAGE_TYPES):
            self.add_error(name, "Short links lead to articles and sections; choose one of those.")
            return cleaned
        existing = ShortLink.objects.filter(**{name: target}).first()
        if existing:
            self.add_error(name, f"This already has a short link: {existing.url}")
        return cleaned
