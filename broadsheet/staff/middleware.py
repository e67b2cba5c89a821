from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import urlencode

from broadsheet.staff.policy import is_staff_member, second_factor_required
from broadsheet.staff.services import needs_code

# Back-office pages a signed-in person may reach before the second step: signing in and out,
# the two-factor pages themselves, password reset, and what those pages load.
OPEN_BEFORE_SECOND_STEP = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_password_reset",
    "wagtailadmin_password_reset_done",
    "wagtailadmin_password_reset_confirm",
    "wagtailadmin_password_reset_complete",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
    "staff_two_factor_verify",
    "staff_two_factor_enrol",
}


class SecondFactorMiddleware:
    """Hold a password-only session at the second step until it proves a code (after OTPMiddleware).

    Who is held: anyone who has set up two-factor sign-in (having it means using it), and anyone
    STAFF_2FA_REQUIRED_FOR requires it of, who is sent to set it up first. In the back office such
    a session is redirected to the code (or set-up) page; everywhere else it is treated as signed
    out, so a stolen password alone opens no private page or restricted document either.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # No session cookie, no one signed in: asking for request.user would read the session
        # and mark every anonymous page "Vary: Cookie", which keeps it out of the page cache.
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return self.get_response(request)
        step = self.pending_step(request.user)
        if step is None:
            return self.get_response(request)
        try:
            url_name = resolve(request.path_info).url_name
        except Resolver404:
            url_name = None
        if url_name in OPEN_BEFORE_SECOND_STEP:
            return self.get_response(request)
        if request.path_info.startswith(reverse("wagtailadmin_home")):
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse(step)}?{query}")
        request.user = AnonymousUser()
        return self.get_response(request)

    @staticmethod
    def pending_step(user):
        """Return the page this session must pass before using the back office, or None."""
        if not user.is_authenticated or user.is_verified():
            return None
        if needs_code(user):
            return "staff_two_factor_verify"
        if second_factor_required(user) and is_staff_member(user):
            return "staff_two_factor_enrol"
        return None
