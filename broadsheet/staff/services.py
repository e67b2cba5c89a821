"""Two-factor sign-in for staff: set up an authenticator app, prove a code, recovery codes.

Built on django-otp: a TOTP device (RFC 6238, any authenticator app) and a static device holding
single-use recovery codes. django-otp throttles each device after wrong codes, so six digits
cannot be guessed by trying them all.
"""

from django.db import transaction
from django.utils import timezone
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from broadsheet.refusals import Refused

RECOVERY_CODE_COUNT = 10
APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"


def has_second_factor(user):
    """Return whether the user has finished setting up two-factor sign-in."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def needs_code(user):
    """Return whether a password alone is not enough for this user: they have a second factor."""
    return user_has_device(user, confirmed=True)


def pending_app(user):
    """Return the authenticator app being set up, making its secret on first call.

    The same secret is shown until it is confirmed, so reloading the page does not invalidate a
    QR code the person has already scanned.
    """
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)


def normalise(code):
    """Return a typed code without the spaces and dashes people add when copying it."""
    return "".join(str(code).split()).replace("-", "").lower()


def refused_for_throttle(device):
    """Return the refusal for a device django-otp is throttling after wrong codes, or None."""
    allowed, details = device.verify_is_allowed()
    if allowed:
        return None
    until = (details or {}).get("locked_until")
    seconds = max(1, int((until - timezone.now()).total_seconds())) if until else None
    wait = f"{seconds} seconds" if seconds else "a little while"
    return Refused(
        f"Too many wrong codes. For your protection, wait {wait} and try again.", status=429, code="throttled"
    )


def confirm_app(*, user, code):
    """Finish setting up the authenticator app with a code it shows; return (device, recovery codes)."""
    with transaction.atomic():
        device = TOTPDevice.objects.devices_for_user(user, confirmed=False).select_for_update().first()
        if device is None:
            raise Refused("This set-up has expired. Please start again.", status=409, code="expired")
        refusal = refused_for_throttle(device)
        # A wrong code must still be counted by the throttle, so nothing is raised (and rolled
        # back) inside the transaction that counted it.
        accepted = refusal is None and device.verify_token(normalise(code))
        if accepted:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.devices_for_user(user, confirmed=False).delete()
            codes = replace_recovery_codes(user)
    if refusal:
        raise refusal
    if not accepted:
        raise Refused(
            "That code is not right. Type the 6 digits your app shows now for this site "
            "(if it keeps failing, check that your phone's clock is set automatically).",
            code="wrong_code",
        )
    return device, codes


@transaction.atomic
def replace_recovery_codes(user):
    """Give the user a fresh set of single-use recovery codes, replacing any old ones; return them."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def recovery_codes(user):
    """Return the user's unused recovery codes."""
    return list(StaticToken.objects.filter(device__user=user, device__confirmed=True).values_list("token", flat=True))


def verify_code(*, user, code):
    """Return the device that accepts the code (app or recovery code), or raise Refused."""
    code = normalise(code)
    refusals = []
    matched = None
    with transaction.atomic():
        devices = list(devices_for_user(user, confirmed=True, for_verify=True))
        for device in devices:
            refusal = refused_for_throttle(device)
            if refusal:
                refusals.append(refusal)
            elif device.verify_token(code):
                matched = device
                break
    if matched:
        return matched
    if refusals and len(refusals) == len(devices):
        raise refusals[0]
    raise Refused(
        "That code is not right. Type the 6 digits your authenticator app shows now, or one of your recovery codes.",
        code="wrong_code",
    )


@transaction.atomic
def turn_off_two_factor(user):
    """Remove the user's authenticator app and recovery codes."""
    for model in (TOTPDevice, StaticDevice):
        model.objects.filter(user=user).delete()
