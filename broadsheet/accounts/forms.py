from django import forms
from django.utils.html import format_html

from broadsheet.legal.terms import current_terms

from .models import Profile
from .services import record_consent

PRIVACY_URL = "/privacy/"
TERMS_URL = "/terms/"


class SignupForm(forms.Form):
    """allauth's sign-up form plus the name shown beside the reader's comments and their consent."""

    display_name = forms.CharField(
        label="Display name",
        max_length=50,
        help_text="Shown beside your comments. Your e-mail address is never shown.",
    )
    consent = forms.BooleanField(
        error_messages={"required": "Tick the box to agree to the Terms: we cannot open an account without it."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read per form: the Terms page is published, and republished, by editors at any time.
        self.terms = current_terms()
        terms_url = (self.terms.url if self.terms and self.terms.url else None) or TERMS_URL
        self.fields["consent"].label = format_html(
            'I agree to the <a href="{}">Terms</a> and have read the <a href="{}">Privacy notice</a>',
            terms_url,
            PRIVACY_URL,
        )

    def signup(self, request, user):
        Profile.objects.update_or_create(
            user=user, defaults={"display_name": self.cleaned_data["display_name"].strip()}
        )
        record_consent(user=user, terms=self.terms)


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Profile
        fields = ["display_name", "allow_reply_emails"]
        labels = {"allow_reply_emails": "E-mail me when someone replies to my comment"}
        # The reader reads this form about themselves (the model's help texts are the back office's).
        help_texts = {
            "display_name": "Shown beside your comments. Your e-mail address is never shown.",
            "allow_reply_emails": "Sent when a moderator approves a reply to one of your comments.",
        }

    def clean_display_name(self):
        name = self.cleaned_data["display_name"].strip()
        if not name:
            raise forms.ValidationError("Choose a name to show beside your comments.")
        return name


class DeleteAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label="I understand that my account is deleted for good",
        error_messages={"required": "Tick the box to confirm: nothing has been deleted yet."},
    )
