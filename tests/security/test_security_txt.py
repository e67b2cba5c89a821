from datetime import UTC, datetime, timedelta

import pytest

pytestmark = pytest.mark.django_db


def fields(response):
    return dict(line.split(": ", 1) for line in response.content.decode().splitlines())


def test_security_txt_names_the_contact_from_settings_and_expires_in_the_future(client, settings):
    settings.SECURITY_CONTACT = "mailto:security@news.example.org"
    response = client.get("/.well-known/security.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    found = fields(response)
    assert found["Contact"] == "mailto:security@news.example.org"
    expires = datetime.strptime(found["Expires"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    # RFC 9116: in the future, and less than a year ahead.
    assert datetime.now(UTC) + timedelta(days=300) < expires <= datetime.now(UTC) + timedelta(days=366)
    assert found["Canonical"].endswith("/.well-known/security.txt")


def test_wagtails_deliberate_error_view_is_not_reachable(client):
    assert client.get("/admin/failwhale/").status_code == 404


def test_sha1_password_hashes_are_not_accepted():
    # The settings module itself: the tests' own fast hasher overrides the live setting.
    from broadsheet import settings as production

    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.PBKDF2PasswordHasher"
    assert not any("SHA1" in hasher for hasher in production.PASSWORD_HASHERS)
