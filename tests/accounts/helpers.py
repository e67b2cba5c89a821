"""Signing up and following the confirmation e-mail, as a reader does, for the accounts tests."""

import re

PASSWORD = "correct horse battery"


def sign_up(client, email="nadia@example.org", name="Nadia R.", *, consent=True, next_path=None, **extra):
    data = {"email": email, "display_name": name, "password1": PASSWORD, "password2": PASSWORD}
    if consent:
        data["consent"] = "on"
    if next_path is not None:
        data["next"] = next_path
    return client.post("/accounts/signup/", data, **extra)


def link_in(message, path_start):
    """Return the path of the first link in a mail's text that starts with path_start."""
    match = re.search(r"https?://[^/\s]+(" + re.escape(path_start) + r"\S+/)", message.body)
    assert match, message.body
    return match.group(1)
