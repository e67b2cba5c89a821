"""Sign-up as allauth runs it, made to tell nobody who has an account and to be tried a few times an hour.

The form and view are allauth's own, subclassed. The form lives here rather than in forms.py
because allauth's form module imports forms.py (ACCOUNT_SIGNUP_FORM_CLASS, the display name)
while it is being defined, so forms.py cannot import allauth's form module back.
"""

from allauth.account.forms import SignupForm
from allauth.account.views import SignupView
from django.contrib.auth.hashers import make_password

from broadsheet import throttle

from .allauth_forms import EMAIL, SiteWording
from .returning import remember_return

REFUSED = (
    "Too many accounts have been opened from your network in the last hour. Nothing was saved: "
    "please try again in an hour, or sign in if you already have an account."
)


class ReaderSignupForm(SiteWording, SignupForm):
    labels = {"email": EMAIL, "password1": "Password", "password2": "Password again"}
    help_texts = {"email": "We send a link to it to confirm it is yours. It is never shown to anyone."}

    field_order = ["email", "display_name", "password1", "password2", "consent"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(self.field_order)

    def try_save(self, request):
        # An address that already has an account gets a mail saying so instead of a new account
        # (allauth prevents enumeration by the page), but it skipped hashing the password, the
        # slowest step of a sign-up by far: the answer came ten times sooner and told who has an
        # account. The same hash is made, and thrown away, so both answers take as long.
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1"))
        return super().try_save(request)


class ReaderSignupView(SignupView):
    form_class = ReaderSignupForm

    def form_valid(self, form):
        # Counted only once the form is valid (a typo costs a reader nothing) and before anything
        # is written or mailed, for new and known addresses alike (so the refusal tells nothing).
        if not throttle.allow(self.request.reader, "signup"):
            form.add_error(None, REFUSED)
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        # Kept in the session for the reader's return once their address is confirmed.
        remember_return(self.request, self.request.POST.get("next") or self.request.GET.get("next"))
        return super().form_valid(form)

    def form_invalid(self, form):
        # A form sent back with mistakes is a 400, as the other reader forms answer.
        response = super().form_invalid(form)
        response.status_code = 400
        return response


signup = ReaderSignupView.as_view()
