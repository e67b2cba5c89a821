from django import forms

from .models import Profile


class SignupForm(forms.Form):
    """allauth's sign-up form plus the name shown beside the reader's comments."""

    display_name = forms.CharField(
        max_length=50, help_text="Shown beside your comments. Your e-mail address is never shown."
    )

    def signup(self, request, user):
        Profile.objects.update_or_create(
            user=user, defaults={"display_name": self.cleaned_data["display_name"].strip()}
        )


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
        label="I understand that my account is deleted for good; my comments stay, shown as from a deleted reader."
    )
