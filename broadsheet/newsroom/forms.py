from wagtail.admin.forms import WagtailAdminPageForm


class ArticlePageForm(WagtailAdminPageForm):
    """The article editing form: refuses the same author or tag twice, with a message for the editor."""

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
