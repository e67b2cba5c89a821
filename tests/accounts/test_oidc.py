from urllib.parse import parse_qsl, urlsplit

import pytest
import requests
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.test import Client

from broadsheet.accounts.models import Consent

from .oidc_provider import Provider

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider(settings):
    with Provider() as running:
        settings.SOCIALACCOUNT_PROVIDERS = {
            "openid_connect": {
                "APPS": [
                    {
                        "provider_id": "testidp",
                        "name": "Test Identity",
                        "client_id": running.client_id,
                        "secret": running.secret,
                        "settings": {"server_url": running.url},
                    }
                ]
            }
        }
        yield running


def test_a_reader_signs_in_through_a_real_openid_connect_provider(provider):
    client = Client()
    login_page = client.get("/accounts/login/").content.decode()
    assert "Test Identity" in login_page  # the "Continue with …" choice, switched on by settings alone
    start = client.post("/accounts/oidc/testidp/login/", {"process": "login"})
    assert start.status_code == 302 and start["Location"].startswith(provider.url + "/authorize")
    # The browser's part, played by requests: the provider consents and sends the reader back.
    back = requests.get(start["Location"], allow_redirects=False, timeout=10)
    assert back.status_code == 302
    callback = urlsplit(back.headers["Location"])
    finished = client.get(callback.path, dict(parse_qsl(callback.query)))
    assert finished.status_code == 302, finished.content[:500]
    # A new reader agrees to the Terms on the sign-up form, their name and address filled in.
    assert finished["Location"] == "/accounts/3rdparty/signup/"
    form = BeautifulSoup(client.get(finished["Location"]).content, "html.parser")
    assert form.select_one("input[name=display_name]")["value"] == "Ada L."
    assert form.select_one("input[name=email]")["value"] == "ada@analytical.example"
    refused = client.post(finished["Location"], {"email": "ada@analytical.example", "display_name": "Ada L."})
    assert refused.status_code == 200 and not get_user_model().objects.filter(email="ada@analytical.example").exists()
    signed_up = client.post(
        finished["Location"], {"email": "ada@analytical.example", "display_name": "Ada L.", "consent": "on"}
    )
    assert signed_up.status_code == 302
    user = get_user_model().objects.get(email="ada@analytical.example")
    assert Consent.objects.filter(user=user, terms_version="none published").count() == 1
    assert not user.is_staff and not user.is_superuser
    assert "Signed in as Ada L." in client.get("/f/account/").content.decode()
    assert client.get("/admin/").status_code == 302  # no back office for a reader


def test_a_provider_that_refuses_the_code_signs_nobody_in(provider):
    client = Client()
    start = client.post("/accounts/oidc/testidp/login/", {"process": "login"})
    back = requests.get(start["Location"], allow_redirects=False, timeout=10)
    callback = urlsplit(back.headers["Location"])
    provider.codes.clear()  # the code expired at the provider
    query = dict(parse_qsl(callback.query))
    client.get(callback.path, query)
    assert not get_user_model().objects.filter(email="ada@analytical.example").exists()
    assert "Sign in" in client.get("/f/account/").content.decode()
