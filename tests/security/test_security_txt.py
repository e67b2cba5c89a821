from datetime import UTC, datetime, timedelta

import pytest
from django.core.checks import run_checks

pytestmark = pytest.mark.django_db


def fields(response):
    return dict(line.split(": ", 1) for line in response.content.decode().splitlines())


def test_security_txt_names_the_contact_from_settings_and_expires_in_the_future(client, settings):
    settings.SECURITY_CONTACT = "mailto:security@news.example.org"
    settings.SITE_URL = "https://news.example.org"
    response = client.get("/.well-known/security.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    found = fields(response)
    assert found["Contact"] == "mailto:security@news.example.org"
    expires = datetime.strptime(found["Expires"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    # RFC 9116: in the future, and less than a year ahead.
    assert datetime.now(UTC) + timedelta(days=300) < expires <= datetime.now(UTC) + timedelta(days=366)
    assert found["Canonical"].endswith("/.well-known/security.txt")


def test_security_txt_names_its_https_address_as_canonical_and_none_over_plain_http(client, settings):
    settings.SITE_URL = "https://news.example.org"
    assert fields(client.get("/.well-known/security.txt"))["Canonical"] == (
        "https://news.example.org/.well-known/security.txt"
    )
    settings.SITE_URL = "http://127.0.0.1:8000"
    assert "Canonical" not in fields(client.get("/.well-known/security.txt"))


def test_an_unset_contact_is_guessed_and_the_deploy_check_says_so(client, settings):
    settings.SITE_URL = "https://news.example.org"
    settings.SECURITY_CONTACT = ""
    assert fields(client.get("/.well-known/security.txt"))["Contact"] == "mailto:security@news.example.org"
    warnings = run_checks(include_deployment_checks=True, tags=["security"])
    assert "broadsheet.W010" in {w.id for w in warnings}
    # Only a deployment is told: a developer's `manage.py check` stays quiet.
    assert "broadsheet.W010" not in {w.id for w in run_checks(tags=["security"])}


@pytest.mark.parametrize(
    "contact, reachable",
    [
        ("mailto:security@127.0.0.1", False),
        ("mailto:security@localhost", False),
        ("https://example.com/report", False),
        ("mailto:security@news.example.org", False),
        ("http://broadsheet.news/security", False),
        ("mailto:security@broadsheet.news", True),
        ("https://broadsheet.news/.well-known/report", True),
    ],
)
def test_the_deploy_check_refuses_contacts_nobody_can_reach(settings, contact, reachable):
    settings.SECURITY_CONTACT = contact
    found = {w.id for w in run_checks(include_deployment_checks=True, tags=["security"])}
    assert ("broadsheet.W011" not in found) == reachable, found


def test_wagtails_deliberate_error_view_is_not_reachable(client):
    assert client.get("/admin/failwhale/").status_code == 404


def test_sha1_password_hashes_are_not_accepted():
    # The settings module itself: the tests' own fast hasher overrides the live setting.
    from broadsheet import settings as production

    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.PBKDF2PasswordHasher"
    assert not any("SHA1" in hasher for hasher in production.PASSWORD_HASHERS)
