from django.contrib.humanize.templatetags.humanize import intcomma
from wagtail.admin.forms import WagtailAdminModelForm


class PollForm(WagtailAdminModelForm):
    """The back office's poll form: an option readers have voted for cannot be removed."""

    def clean(self):
        cleaned = super().clean()
        options = self.formsets.get("options")
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
