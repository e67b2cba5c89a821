import pytest

pytestmark = pytest.mark.django_db


def script_src(response):
    policy = response["Content-Security-Policy-Report-Only"]  # development settings in-process
    return next(d for d in policy.split("; ") if d.startswith("script-src "))


def test_the_admin_sign_in_page_keeps_the_strict_policy(client):
    assert script_src(client.get("/admin/login/")) == "script-src 'self'"


def test_signed_in_staff_get_the_back_office_policy_and_readers_never_do(client, django_user_model, settings):
    settings.STAFF_2FA_REQUIRED_FOR = "none"
    staff = django_user_model.objects.create_superuser("ed", "ed@example.org", "a-long-password-1")
    client.force_login(staff)
    assert "'unsafe-inline'" in script_src(client.get("/admin/"))
    # Even a member of staff reading the site gets the reader policy.
    assert script_src(client.get("/.well-known/security.txt")) == "script-src 'self'"
