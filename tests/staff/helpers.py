"""Signing in as a person does, for tests: real login POSTs with CSRF, and codes an app would compute."""

import re
from base64 import b32decode

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "a-long-newsroom-passphrase"
LOGIN = "/admin/login/"


def make_user(username, role=None, superuser=False):
    User = get_user_model()
    if superuser:
        user = User.objects.create_superuser(username, "", PASSWORD)
    else:
        user = User.objects.create_user(username, password=PASSWORD)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


def browser_client():
    """A client that, like a browser, must carry the CSRF token it was given."""
    return Client(enforce_csrf_checks=True)


def sign_in(client, username, password=PASSWORD, *, address="198.51.100.7", forwarded_for=None):
    """POST the back office's login form as a person does: fetch the page, send its CSRF token back."""
    headers = {"REMOTE_ADDR": address}
    if forwarded_for:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded_for
    client.get(LOGIN, **headers)
    data = {
        "username": username,
        "password": password,
        "next": "/admin/",
        "csrfmiddlewaretoken": client.cookies["csrftoken"].value,
    }
    return client.post(LOGIN, data, **headers)


def is_signed_in(client):
    return "_auth_user_id" in client.session


def csrf(client):
    return client.cookies["csrftoken"].value


def code_for(secret_text):
    """Compute the current RFC 6238 code from the key shown on the set-up page, as a phone app does."""
    key = b32decode(re.sub(r"\s", "", secret_text))
    return f"{totp(key):06d}"


def shown_secret(html):
    return re.search(r"data-staff-secret>([A-Z2-7 ]+)<", html).group(1)


def force_login_with_second_factor(client, user):
    """Sign a test client in as `user` with the second step already passed (as force_login skips the first).

    For tests about what a role may do in the back office rather than about signing in: an
    Administrator must otherwise set up two-factor sign-in first.
    """
    client.force_login(user)
    device = TOTPDevice.objects.create(user=user, name="Test app", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client
