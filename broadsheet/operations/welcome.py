"""What `make run` tells the person who started it: where the site is and how to sign in."""

import os

from django.conf import settings

from broadsheet.newsroom.addresses import absolute


def password_file():
    """Return where ensure_admin keeps the first administrator's generated password."""
    return settings.DATA_DIR / "admin-password.txt"


def welcome_lines():
    """Return the lines that say where the reader site and back office are, and the login."""
    username = os.environ.get("ADMIN_USERNAME", "admin")
    if os.environ.get("ADMIN_PASSWORD"):
        shown = "(the ADMIN_PASSWORD you set)"
    elif password_file().exists():
        shown = password_file().read_text().strip()
    else:
        shown = "(changed since; the first one is no longer kept)"
    lines = [
        f"  Reader site:  {absolute('/')}",
        f"  Back office:  {absolute('/admin/')}",
        f"  Login:        {username} / {shown}",
    ]
    if password_file().exists():
        lines.append(f"  (password kept in {password_file()}; delete the file once you have changed it)")
    if settings.STAFF_2FA_REQUIRED_FOR != "none":
        lines.append("  (the first sign-in asks you to set up an authenticator app: README, Sign-in security)")
    if getattr(settings, "EMAIL_FILE_PATH", None):
        lines.append(f"  E-mails are written to {settings.EMAIL_FILE_PATH}/ (one file each, no mail server needed)")
    return lines
