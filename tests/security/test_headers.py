"""The security headers of every kind of page, from a real server configured as production (issue 7)."""

import re
import urllib.error
import urllib.request

import pytest

from broadsheet.newsroom.demo.articles import REFERENCE_SLUG
from tests.harness.sites import RunningSite

ARTICLE = f"/china/{REFERENCE_SLUG}/"


@pytest.fixture(scope="module")
def site():
    # Production's switches come from an https SITE_URL; TLS itself ends at the proxy, which says
    # so with X-Forwarded-Proto (sent below). The redirect to https is left off so the plain
    # readiness check of RunningSite still answers.
    running = RunningSite(workers=1, threads=2)
    # The test's own client stands for that proxy, so it is the trusted one.
    running.env.update(SITE_URL="https://127.0.0.1", SECURE_SSL_REDIRECT="0", TRUSTED_PROXIES="127.0.0.1/32")
    running.prepare().start()
    yield running
    running.stop()


def fetch(site, path):
    request = urllib.request.Request(site.url + path, headers={"X-Forwarded-Proto": "https"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode(errors="replace")


@pytest.fixture(scope="module")
def pages(site):
    """Return {kind: path} for one page of every kind, found by following the article's links."""
    article = fetch(site, ARTICLE)[2]
    poll = re.search(r'data-fragment="/f/poll/(\d+)/"', article) or re.search(r"/polls/(\d+)/", article)
    return {
        "front": "/",
        "section": "/china/",
        "article": ARTICLE,
        "tag": re.search(r'href="(/tags/[^"]+/)"', article).group(1),
        "author": re.search(r'href="(/authors/[^"]+/)"', article).group(1),
        "poll page": f"/polls/{poll.group(1)}/",
        "poll embed": f"/polls/{poll.group(1)}/embed/",
        "account fragment": "/f/account/",
        "poll fragment": f"/f/poll/{poll.group(1)}/",
        "not found": "/no-such-page/",
        "admin sign-in": "/admin/login/",
        "stylesheet": re.search(r'href="(/static/[^"]+\.css)"', article).group(1),
        "script": re.search(r'src="(/static/[^"]+\.js)"', article).group(1),
        "security.txt": "/.well-known/security.txt",
    }


STATIC = {"stylesheet", "script"}
EXPECTED_STATUS = {"not found": 404}


@pytest.mark.parametrize(
    "kind",
    [
        "front",
        "section",
        "article",
        "tag",
        "author",
        "poll page",
        "poll embed",
        "account fragment",
        "poll fragment",
        "not found",
        "admin sign-in",
        "stylesheet",
        "script",
        "security.txt",
    ],
)
def test_every_kind_of_page_carries_the_security_headers(site, pages, kind):
    status, headers, _ = fetch(site, pages[kind])
    assert status == EXPECTED_STATUS.get(kind, 200), (kind, status)
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Content-Type"]
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in headers["Permissions-Policy"] and "microphone=()" in headers["Permissions-Policy"]
    if kind in STATIC:
        # Sent by the front, not Django: type and nosniff are what matter for a file.
        assert headers["Content-Type"].startswith(("text/css", "text/javascript"))
        return
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = dict((directive.split(" ", 1) + [""])[:2] for directive in headers["Content-Security-Policy"].split("; "))
    assert "Content-Security-Policy-Report-Only" not in headers  # enforced in production
    assert "'unsafe-inline'" not in policy["script-src"]
    assert policy["object-src"] == "'none'"
    assert policy["base-uri"] == "'self'"
    if kind == "poll embed":  # other sites may frame the poll, and only the poll
        assert "X-Frame-Options" not in headers
        assert policy["frame-ancestors"] == "*"
    else:
        assert headers["X-Frame-Options"] == "DENY"
        assert policy["frame-ancestors"] == "'none'"


def test_a_cached_page_replays_the_same_policy(site, pages):
    first, second = fetch(site, ARTICLE)[1], fetch(site, ARTICLE)[1]
    # From the cache through Django ("hit"), or by the front itself once it has learned the page.
    assert second["X-Page-Cache"] in ("hit", "fast")

    def directives(policy):  # django-csp writes them in no fixed order from one process to another
        return sorted(part.strip() for part in policy.split(";"))

    assert directives(second["Content-Security-Policy"]) == directives(first["Content-Security-Policy"])
    assert "nonce-" not in second["Content-Security-Policy"]


def test_development_reports_the_policy_without_enforcing_it(client, db):
    # The in-process test settings are development's (an http SITE_URL).
    response = client.get("/.well-known/security.txt")
    assert "Content-Security-Policy" not in response
    assert "'unsafe-inline'" not in response["Content-Security-Policy-Report-Only"].split("script-src")[1].split(";")[0]
