"""No place of the site that redirects can be made to send a browser to another site (issue 10, Proof).

Every bypass string below is sent to every place that redirects: sign-in and sign-out `next`,
the two-factor step's `next`, the poll vote's `next`, editors' redirects, short links. Each
answer's Location is read as a browser reads it and must stay on this site.
"""

import re
from urllib.parse import quote, urlsplit

import pytest
from django.test import Client
from wagtail.contrib.redirects.models import Redirect

from broadsheet.polls.factories import PollFactory
from tests.staff.helpers import PASSWORD, force_login_with_second_factor, make_user

EVIL = "evil.example"
CORPUS = [
    f"//{EVIL}",
    f"//{EVIL}/",
    f"///{EVIL}",
    f"////{EVIL}",
    f"/\\{EVIL}",
    f"/\\/{EVIL}",
    f"\\\\{EVIL}",
    f"\\/{EVIL}",
    f"https:{EVIL}",
    f"http:{EVIL}",
    f"https:/{EVIL}",
    f"https://{EVIL}",
    f"HTTPS://{EVIL}",
    f"http://{EVIL}:80/",
    f"/%2F{EVIL}",
    f"%2F%2F{EVIL}",
    f"/%5C{EVIL}",
    f"%5C%5C{EVIL}",
    f"https://testserver@{EVIL}",
    f"https://testserver:443@{EVIL}/",
    f"//testserver@{EVIL}",
    f"https://{EVIL}#@testserver",
    f"https://{EVIL}?@testserver",
    f"https://{EVIL}\\@testserver",
    f"https://testserver.{EVIL}/",
    f"\r\n//{EVIL}",
    f"/\r\n/{EVIL}",
    f"\t//{EVIL}",
    f"/\t/{EVIL}",
    f"\x00//{EVIL}",
    f" //{EVIL}",
    f"%0d%0aLocation:%20https://{EVIL}",
    "/x\r\nLocation: https://evil.example",
    "javascript:alert(document.domain)",
    "JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    " javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "https://evil。example/",  # ideographic full stop, read by browsers as a dot
    "https://ｅｖｉｌ.example/",  # fullwidth letters
    "https://аpple.com/",  # Cyrillic а
    "https://xn--pple-43d.com/",  # the same, as punycode
    "https://testserver%2F@evil.example/",
    "https://127.0.0.1.evil.example/",
]
OUR_HOSTS = {"testserver", "localhost", "127.0.0.1"}


def browser_target(location):
    """Return (scheme, host) a browser would go to for this Location on http://testserver/x/, host None if here."""
    # Browsers drop surrounding control characters and spaces, ignore tabs and newlines inside,
    # and read backslashes as slashes in http(s) addresses.
    location = re.sub(r"[\t\n\r]", "", location.strip("\x00\x20\x01\x02\x1f")).replace("\\", "/")
    scheme_match = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):(.*)", location)
    if scheme_match:
        scheme, rest = scheme_match.group(1).lower(), scheme_match.group(2)
        if scheme not in ("http", "https"):
            return scheme, "(not a web address)"
        # A special scheme with a host: any number of slashes (even none) before it.
        authority = re.split(r"[/?#]", rest.lstrip("/"), maxsplit=1)[0]
    elif location.startswith("//"):
        scheme, authority = "http", re.split(r"[/?#]", location.lstrip("/"), maxsplit=1)[0]
    else:
        return "http", None  # a path on this site
    host = authority.rsplit("@", 1)[-1]
    host = urlsplit(f"//{host}").hostname or host
    host = host.encode("idna").decode() if host.isascii() is False else host
    return scheme, host.lower().rstrip(".")


def assert_stays_here(response, sent):
    location = response.get("Location")
    if location is None:
        return
    scheme, host = browser_target(location)
    assert host is None or host in OUR_HOSTS, f"{sent!r} redirected off-site to {location!r}"


def test_the_location_reader_catches_what_browsers_would_follow():
    # The checker must itself see every trick, and the tricks must be many, or a passing test
    # below would prove nothing.
    assert len(set(CORPUS)) >= 30
    for off_site in [*CORPUS[:14], *CORPUS[18:25], "javascript:x", "data:x", "\t//evil.example"]:
        if "%" in off_site:
            continue
        scheme, host = browser_target(off_site)
        assert host is not None and host not in OUR_HOSTS, off_site
    assert browser_target("/admin/") == ("http", None)
    assert browser_target("http://testserver/admin/")[1] == "testserver"


@pytest.fixture
def editor(db):
    return make_user("editor", "Editor")


def test_sign_in_next_never_leaves_the_site(editor):
    for bad in CORPUS:
        client = Client()
        response = client.post("/admin/login/", {"username": "editor", "password": PASSWORD, "next": bad})
        assert response.status_code == 302, bad
        assert_stays_here(response, bad)
        # Signed in already, the login page sends the person on too.
        assert_stays_here(client.get("/admin/login/", {"next": bad}), bad)


def test_sign_out_next_never_leaves_the_site(editor):
    for bad in CORPUS:
        client = Client()
        client.force_login(editor)
        response = client.post("/admin/logout/", {"next": bad})
        assert response.status_code in (200, 302), bad
        assert_stays_here(response, bad)


def test_the_two_factor_steps_next_never_leaves_the_site(editor):
    client = Client()
    client.force_login(editor)
    for bad in CORPUS:
        for page in ("/admin/two-factor/code/", "/admin/two-factor/set-up/", "/admin/two-factor/"):
            response = client.get(page, {"next": bad})
            assert response.status_code < 500, (page, bad)
            assert_stays_here(response, bad)


def test_an_administrator_held_at_the_second_step_is_sent_only_to_our_pages(db):
    administrator = make_user("admin", "Administrator")
    client = Client()
    force_login_with_second_factor(client, administrator)
    session = client.session
    del session["otp_device_id"]
    session.save()
    for bad in CORPUS:
        response = client.get("/admin/", {"next": bad})
        assert response.status_code == 302
        assert_stays_here(response, bad)
        assert_stays_here(client.get("/admin/two-factor/code/", {"next": bad}), bad)


def test_the_poll_votes_next_never_leaves_the_site(db):
    poll = PollFactory(network_limit=0)
    option = poll.options.first()
    for number, bad in enumerate(CORPUS):
        # A new reader each time (no cookie, another address), so every vote is accepted and redirected.
        response = Client(REMOTE_ADDR=f"198.51.100.{number + 1}").post(
            f"/polls/{poll.pk}/vote/", {"option": option.pk, "next": bad}
        )
        assert response.status_code == 303, (bad, response.status_code)
        assert_stays_here(response, bad)


def test_short_links_never_leave_the_site(client, link, settings):
    settings.SHORT_LINK_HOST = "brd.example"
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "brd.example"]
    for bad in CORPUS:
        for path in (f"/s/{quote(bad, safe='')}", f"/s/{quote(bad)}", f"/s/{link.code}{quote(bad)}"):
            response = client.get(path)
            assert response.status_code == 404, (bad, path)
            assert_stays_here(response, bad)
            assert_stays_here(client.get(path, HTTP_HOST="brd.example"), bad)
    assert_stays_here(client.get(f"/s/{link.code}"), link.code)


@pytest.fixture
def administrator_client(db):
    client = Client()
    force_login_with_second_factor(client, make_user("root", superuser=True))
    return client


def add_redirect(client, old_path, link):
    return client.post(
        "/admin/redirects/add/",
        {"old_path": old_path, "site": "", "is_permanent": "on", "redirect_page": "", "redirect_link": link},
    )


def test_editors_redirects_to_other_sites_are_refused_with_a_message(administrator_client):
    for number, bad in enumerate([*CORPUS, "https://evil.example/path", "http://localhost@evil.example/"]):
        response = add_redirect(administrator_client, f"/old-{number}/", bad)
        assert response.status_code == 200, (bad, response.status_code)  # the form again, with its error
        assert not Redirect.objects.exists(), bad
    assert "A redirect may only lead to this site" in response.content.decode()


def test_editors_redirects_to_this_site_are_kept_and_served(administrator_client, client):
    response = add_redirect(administrator_client, "/old-story/", "http://localhost/world/new-story/")
    assert response.status_code == 302
    served = client.get("/old-story/")
    assert (served.status_code, served["Location"]) == (301, "http://localhost/world/new-story/")


def test_every_stored_redirect_is_served_on_this_site(administrator_client, client, world):
    Redirect.add_redirect("/to-a-page/", world)
    add_redirect(administrator_client, "/to-an-address/", "http://127.0.0.1:8000/world/")
    for bad in CORPUS:
        add_redirect(administrator_client, "/trying/", bad)
    assert Redirect.objects.count() == 2
    for redirect in Redirect.objects.all():
        response = client.get(redirect.old_path)
        assert response.status_code in (301, 302)
        assert_stays_here(response, redirect.old_path)


@pytest.mark.parametrize("stored", ["https://evil.example/path", "//evil.example/", "http://localhost@evil.example/"])
def test_an_off_site_redirect_already_in_the_database_is_not_followed(client, db, stored):
    # Written past the form, as one made before the rule or by a script would be.
    Redirect.objects.create(old_path="/old-offsite", redirect_link=stored, is_permanent=False)
    response = client.get("/old-offsite/")
    assert response.status_code == 404
    assert "Location" not in response
