"""allauth's account forms in the site's own words: sentence case, "e-mail", no placeholders for labels.

Only labels and help texts change; what each form checks and saves stays allauth's.
"""

from allauth.account import forms as allauth
from django import forms
from django.utils.html import format_html

FORGOTTEN = format_html('<a href="{}">Forgotten your password?</a>', "/accounts/password/reset/")
EMAIL = "E-mail address"


class SiteWording:
    """Relabel fields by name; drop placeholders, since every field has a visible label above it."""

    labels = {}
    help_texts = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.widget.attrs.pop("placeholder", None)
            if isinstance(field, forms.EmailField):
                field.error_messages["invalid"] = "Enter an e-mail address, like name@example.org."
            if name in self.labels:
                field.label = self.labels[name]
            if name in self.help_texts:
                field.help_text = self.help_texts[name]


class ReaderLoginForm(SiteWording, allauth.LoginForm):
    labels = {"login": EMAIL, "password": "Password", "remember": "Keep me signed in on this device"}
    help_texts = {"password": FORGOTTEN}


class ReaderResetPasswordForm(SiteWording, allauth.ResetPasswordForm):
    labels = {"email": EMAIL}
    help_texts = {"email": "The address you signed up with."}


class ReaderResetPasswordKeyForm(SiteWording, allauth.ResetPasswordKeyForm):
    labels = {"password1": "New password", "password2": "New password again"}


class ReaderChangePasswordForm(SiteWording, allauth.ChangePasswordForm):
    labels = {"oldpassword": "Current password", "password1": "New password", "password2": "New password again"}
    help_texts = {"oldpassword": FORGOTTEN}


class ReaderSetPasswordForm(SiteWording, allauth.SetPasswordForm):
    labels = {"password1": "Password", "password2": "Password again"}


class ReaderAddEmailForm(SiteWording, allauth.AddEmailForm):
    labels = {"email": "New e-mail address"}
    help_texts = {"email": "We send a link to this address; it replaces your current one once you open the link."}


class ReaderReauthenticateForm(SiteWording, allauth.ReauthenticateForm):
    labels = {"password": "Password"}
    help_texts = {"password": FORGOTTEN}
