"""Two-factor sign-in: who must set it up, setting it up with a real code, and the code after the password."""

from base64 import b32encode

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from broadsheet.staff import services
from broadsheet.staff.apps import check_two_factor_setting
from tests.staff.helpers import (
    browser_client,
    code_for,
    csrf,
    force_login_with_second_factor,
    make_user,
    shown_secret,
    sign_in,
)

SET_UP = "/admin/two-factor/set-up/"
CODE = "/admin/two-factor/code/"


def enrolled(user):
    """Set the user up with an authenticator app as the set-up page does; return its key as the app shows it."""
    device = services.pending_app(user)
    secret = b32encode(device.bin_key).decode()
    services.confirm_app(user=user, code=code_for(secret))
    return secret


def wrong_code(right):
    return f"{(int(right) + 1) % 1_000_000:06d}"


@pytest.fixture
def administrator(db):
    return make_user("admin", "Administrator")


def test_an_administrator_without_two_factor_is_sent_to_set_it_up(client, administrator):
    assert sign_in(client, "admin").status_code == 302
    for page in ("/admin/", "/admin/pages/", "/admin/users/"):
        response = client.get(page)
        assert response.status_code == 302
        assert response["Location"].startswith(SET_UP + "?next=")
    page = client.get(SET_UP)
    assert page.status_code == 200
    assert "<svg" in page.content.decode()  # the QR code
    assert shown_secret(page.content.decode())


def test_a_superuser_is_an_administrator_too(client, db):
    make_user("root", superuser=True)
    sign_in(client, "root")
    assert client.get("/admin/")["Location"].startswith(SET_UP)


def test_setting_up_with_the_code_the_app_computes_opens_the_back_office(client, administrator):
    sign_in(client, "admin")
    secret = shown_secret(client.get(SET_UP).content.decode())
    response = client.post(SET_UP, {"code": code_for(secret), "next": "/admin/", "csrfmiddlewaretoken": csrf(client)})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Two-factor sign-in is on" in page
    shown_codes = services.recovery_codes(administrator)
    assert len(shown_codes) == services.RECOVERY_CODE_COUNT
    assert all(code in page for code in shown_codes)
    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200
    assert "w-dashboard" in dashboard.content.decode()


def test_a_wrong_code_does_not_turn_it_on(client, administrator):
    sign_in(client, "admin")
    secret = shown_secret(client.get(SET_UP).content.decode())
    response = client.post(SET_UP, {"code": wrong_code(code_for(secret)), "csrfmiddlewaretoken": csrf(client)})
    assert response.status_code == 400
    assert "That code is not right" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=administrator, confirmed=True).exists()
    assert client.get("/admin/")["Location"].startswith(SET_UP)
    # The same secret is still shown, so a QR code already scanned keeps working.
    assert shown_secret(client.get(SET_UP).content.decode()) == secret


def test_an_editor_uses_the_back_office_without_two_factor_when_only_administrators_must(client, db, settings):
    assert settings.STAFF_2FA_REQUIRED_FOR == "administrators"  # the default
    make_user("hmeyer", "Editor")
    sign_in(client, "hmeyer")
    assert client.get("/admin/").status_code == 200


def test_required_for_staff_sends_an_editor_to_set_it_up(client, db, settings):
    settings.STAFF_2FA_REQUIRED_FOR = "staff"
    make_user("hmeyer", "Editor")
    sign_in(client, "hmeyer")
    assert client.get("/admin/")["Location"].startswith(SET_UP)


def test_required_for_none_lets_an_administrator_in_with_a_password(client, administrator, settings):
    settings.STAFF_2FA_REQUIRED_FOR = "none"
    sign_in(client, "admin")
    assert client.get("/admin/").status_code == 200


def test_once_set_up_the_password_alone_is_not_enough(client, db):
    editor = make_user("hmeyer", "Editor")
    secret = enrolled(editor)
    assert sign_in(client, "hmeyer").status_code == 302
    response = client.get("/admin/pages/")
    assert response.status_code == 302 and response["Location"] == CODE + "?next=%2Fadmin%2Fpages%2F"
    # Outside the back office the half-signed-in session counts as signed out.
    assert "Signed in as" not in client.get("/f/account/").content.decode()

    # The app's next code is needed: the one just used to set up may not be replayed.
    with time_machine.travel(timezone.now() + timezone.timedelta(seconds=30)):
        data = {"code": code_for(secret), "next": "/admin/pages/", "csrfmiddlewaretoken": csrf(client)}
        response = client.post(CODE, data)
        assert response.status_code == 302 and response["Location"] == "/admin/pages/"
        assert client.get("/admin/pages/").status_code == 200


def test_a_recovery_code_works_once(client, db):
    editor = make_user("hmeyer", "Editor")
    enrolled(editor)
    recovery = services.recovery_codes(editor)[0]
    sign_in(client, "hmeyer")
    response = client.post(CODE, {"code": recovery.upper(), "csrfmiddlewaretoken": csrf(client)})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200

    again = type(client)(enforce_csrf_checks=True)
    sign_in(again, "hmeyer", address="192.0.2.5")
    response = again.post(CODE, {"code": recovery, "csrfmiddlewaretoken": csrf(again)})
    assert response.status_code == 400
    assert again.get("/admin/").status_code == 302


def test_wrong_codes_in_a_row_are_throttled_even_when_the_next_is_right(client, db):
    editor = make_user("hmeyer", "Editor")
    secret = enrolled(editor)
    with time_machine.travel(timezone.now() + timezone.timedelta(seconds=60), tick=False):
        sign_in(client, "hmeyer")
        right = code_for(secret)
        for _ in range(3):
            client.post(CODE, {"code": wrong_code(right), "csrfmiddlewaretoken": csrf(client)})
        response = client.post(CODE, {"code": right, "csrfmiddlewaretoken": csrf(client)})
        assert response.status_code == 429
        assert "Too many wrong codes" in response.content.decode()
        assert client.get("/admin/").status_code == 302


def signed_in_with_code(client, user, secret):
    """Sign in with the password and the app's next code, through the pages."""
    sign_in(client, user.username)
    with time_machine.travel(timezone.now() + timezone.timedelta(seconds=30)):
        client.post(CODE, {"code": code_for(secret), "csrfmiddlewaretoken": csrf(client)})
    assert client.get("/admin/").status_code == 200
    return client


def test_a_required_administrator_cannot_turn_it_off_but_an_editor_can(client, administrator, db):
    signed_in_with_code(client, administrator, enrolled(administrator))
    response = client.post("/admin/two-factor/turn-off/", {"csrfmiddlewaretoken": csrf(client)}, follow=True)
    assert "required for your role" in response.content.decode()
    assert services.has_second_factor(administrator)

    editor = make_user("hmeyer", "Editor")
    other = signed_in_with_code(type(client)(enforce_csrf_checks=True), editor, enrolled(editor))
    response = other.post("/admin/two-factor/turn-off/", {"csrfmiddlewaretoken": csrf(other)}, follow=True)
    assert "Two-factor sign-in is off" in response.content.decode()
    assert not services.needs_code(editor)


def test_an_operator_resets_a_lost_phone(administrator):
    enrolled(administrator)
    call_command("reset_two_factor", "admin")
    assert not services.needs_code(administrator)
    with pytest.raises(CommandError, match="no account named"):
        call_command("reset_two_factor", "nobody")


def test_a_misspelt_requirement_stops_the_site_at_start(settings):
    settings.STAFF_2FA_REQUIRED_FOR = "administrator"
    assert [error.id for error in check_two_factor_setting(None)] == ["staff.E001"]


def test_the_helper_for_role_tests_gives_a_session_past_the_second_step(administrator):
    client = force_login_with_second_factor(browser_client(), administrator)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/users/").status_code == 200


def test_someone_at_the_second_step_can_sign_out_from_it(client, administrator):
    sign_in(client, "admin")
    page = client.get(SET_UP).content.decode()
    assert 'action="/admin/logout/"' in page
    response = client.post("/admin/logout/", {"csrfmiddlewaretoken": csrf(client)})
    assert response.status_code == 302
    assert client.get("/admin/")["Location"].startswith("/admin/login/")
