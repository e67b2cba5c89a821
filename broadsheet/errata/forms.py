from django import forms


class ErrorReportForm(forms.Form):
    text = forms.CharField(
        label="What is wrong?",
        min_length=10,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Quote the words that are wrong and say what is right, with a source if you have one.",
        error_messages={
            "required": "Say what is wrong in the article.",
            "min_length": "Say a little more: which words are wrong, and what is right?",
            "max_length": "Keep it under 2,000 characters; the newsroom reads every report.",
        },
    )
    email = forms.EmailField(
        label="Your e-mail (optional)",
        required=False,
        help_text="Only if you would like an answer. It is used for nothing else.",
        error_messages={"invalid": "That does not look like an e-mail address; leave it empty if you prefer."},
    )
    # A field people never see: robots fill every box they find.
    website = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError("This report could not be sent.")
        return self.cleaned_data
