from django import forms

from .models import ContactMessage


def one_line(value):
    # The name goes into the Reply-To header of the mail sent on: a line break would start a new header.
    if "\n" in value or "\r" in value:
        raise forms.ValidationError("Give your name on one line.")


class ContactForm(forms.Form):
    name = forms.CharField(
        label="Your name",
        max_length=100,
        validators=[one_line],
        error_messages={"required": "Say who is writing.", "max_length": "Keep your name under 100 characters."},
    )
    email = forms.EmailField(
        label="Your e-mail",
        help_text="We answer here, and use it for nothing else.",
        error_messages={
            "required": "Give an e-mail address so that we can answer you.",
            "invalid": "That does not look like an e-mail address.",
        },
    )
    subject = forms.ChoiceField(
        label="What is it about?",
        choices=ContactMessage.Subject.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose what your message is about.",
            "invalid_choice": "Choose one of the subjects offered.",
        },
    )
    message = forms.CharField(
        label="Your message",
        min_length=10,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="For a correction, name the article and quote the words that are wrong.",
        error_messages={
            "required": "Write your message.",
            "min_length": "Say a little more, so that we know how to help.",
            "max_length": "Keep it under 3,000 characters.",
        },
    )
    # A field people never see: robots fill every box they find.
    website = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError("This message could not be sent.")
        return self.cleaned_data
