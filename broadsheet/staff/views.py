"""Two-factor pages of the back office: the code after the password, set-up, recovery codes."""

from base64 import b32encode
from functools import partial

import django_otp
import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_static.models import StaticDevice

from broadsheet.refusals import Refused, refusal_response
from broadsheet.staff import services
from broadsheet.staff.policy import second_factor_required
from broadsheet.views import safe_next


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "inputmode": "text"}),
    )


def next_url(request):
    """Return where to go once this step is done: the page asked for, if it is ours."""
    return safe_next(request, reverse("wagtailadmin_home"))


def render(request, template, context, status=200):
    return TemplateResponse(request, template, {"next": next_url(request), **context}, status=status)


def form_status(request):
    """Return the status of a code page shown again: 400 for a form sent incomplete, else 200."""
    return 400 if request.method == "POST" else 200


def refused_code(request, template, context, refusal):
    """Return the code's page again, saying under the field why the code was not accepted."""
    context["form"].add_error("code", refusal.message)
    return render(request, template, context)


@never_cache
@sensitive_post_parameters("code")
def verify(request):
    """Ask for the code of the user's authenticator app (or a recovery code) after the password."""
    if not services.needs_code(request.user):
        return redirect(next_url(request))
    form = CodeForm(request.POST or None)
    if not form.is_valid():
        return render(request, "staff/verify.html", {"form": form}, status=form_status(request))
    try:
        device = services.verify_code(user=request.user, code=form.cleaned_data["code"])
    except Refused as refusal:
        page = partial(refused_code, request, "staff/verify.html", {"form": form})
        return refusal_response(request, refusal, html=page)
    django_otp.login(request, device)
    if isinstance(device, StaticDevice):
        left = len(services.recovery_codes(request.user))
        messages.warning(
            request,
            f"You signed in with a recovery code; {left} left. Make new ones from "
            "Account › Two-factor sign-in if you are running low.",
        )
    return redirect(next_url(request))


@never_cache
@sensitive_post_parameters("code")
def enrol(request):
    """Set up an authenticator app: show its secret as a QR code and text, confirm with a code."""
    if services.has_second_factor(request.user):
        return redirect("staff_two_factor_manage")
    device = services.pending_app(request.user)
    form = CodeForm(request.POST or None)
    if not form.is_valid():
        return render(request, "staff/enrol.html", enrol_context(request, device, form), status=form_status(request))
    try:
        device, codes = services.confirm_app(user=request.user, code=form.cleaned_data["code"])
    except Refused as refusal:
        page = partial(refused_code, request, "staff/enrol.html", enrol_context(request, device, form))
        return refusal_response(request, refusal, html=page)
    # The code just proved also counts as this session's second step.
    django_otp.login(request, device)
    return render(request, "staff/recovery_codes.html", {"codes": codes, "just_enrolled": True})


def enrol_context(request, device, form):
    """Return what the set-up page shows: the app's secret as a QR code and as text, and the code form."""
    secret = b32encode(device.bin_key).decode()
    return {
        "form": form,
        "qr_svg": segno.make(device.config_url, error="m").svg_inline(scale=5, title="QR code for the app"),
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "required": second_factor_required(request.user),
        "site_name": settings.WAGTAIL_SITE_NAME,
    }


@never_cache
def manage(request):
    """Show the user's two-factor sign-in and what they can do with it."""
    context = {
        "enrolled": services.has_second_factor(request.user),
        "codes_left": len(services.recovery_codes(request.user)),
        "required": second_factor_required(request.user),
    }
    return render(request, "staff/manage.html", context)


@never_cache
@require_POST
def new_recovery_codes(request):
    """Replace the user's recovery codes and show the new ones once."""
    if not services.has_second_factor(request.user):
        return redirect("staff_two_factor_enrol")
    codes = services.replace_recovery_codes(request.user)
    return render(request, "staff/recovery_codes.html", {"codes": codes, "just_enrolled": False})


@never_cache
@require_POST
def turn_off(request):
    """Remove the user's two-factor sign-in, unless the site requires it of them."""
    if second_factor_required(request.user):
        messages.error(request, "Two-factor sign-in is required for your role, so it cannot be turned off.")
        return redirect("staff_two_factor_manage")
    services.turn_off_two_factor(request.user)
    messages.success(request, "Two-factor sign-in is off. Your password alone now signs you in.")
    return redirect("staff_two_factor_manage")
