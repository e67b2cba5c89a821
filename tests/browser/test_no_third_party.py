"""Every request our pages make in Chromium goes to our own origin: readers' pages and the back office.

A picture, font, script or avatar from elsewhere tells that party who reads what and who works
here (Wagtail's default avatars sent a hash of each colleague's e-mail address to Gravatar). Each
page is loaded, scrolled to its end so lazy parts load too, and every request it made is checked.
"""

from urllib.parse import urlsplit

import pytest
from django_otp.oath import totp

from broadsheet.newsroom.demo.articles import REFERENCE_SLUG
from tests.staff.helpers import PASSWORD

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
# data: and blob: are made in the page itself (initials avatars, previews): no request leaves.
IN_PAGE_SCHEMES = ("data", "blob")
TOTP_KEY = "3132333435363738393031323334353637383930"  # RFC 6238's test key: the test computes codes

READER_PAGES = ["/", f"/china/{REFERENCE_SLUG}/", "/world/", "/search/?q=alliance"]
EDITOR_PAGES = ["/admin/", "/admin/pages/", "/admin/pages/{article}/edit/", "/admin/comments/", "/admin/desk/"]
ADMINISTRATOR_PAGES = ["/admin/", "/admin/users/", "/admin/account/", "/admin/pages/{article}/edit/"]

NEWSROOM = f"""
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import Comment
from broadsheet.newsroom.models import ArticlePage

User = get_user_model()
editor, _ = User.objects.get_or_create(username="tp-editor", defaults=dict(first_name="Edna", last_name="Page"))
editor.set_password({PASSWORD!r}); editor.save(); editor.groups.set([Group.objects.get(name="Editor")])
admin, _ = User.objects.get_or_create(username="tp-admin", defaults=dict(first_name="Ada", last_name="Min"))
admin.set_password({PASSWORD!r}); admin.save(); admin.groups.set([Group.objects.get(name="Administrator")])
TOTPDevice.objects.get_or_create(user=admin, defaults=dict(name="App", key={TOTP_KEY!r}, confirmed=True))
article = ArticlePage.objects.get(slug={REFERENCE_SLUG!r})
# A colleague's note in the editor, so the comments panel draws its avatars.
Comment.objects.get_or_create(page=article, user=editor, contentpath="title", defaults=dict(text="Check the date."))
print(article.pk)
"""


@pytest.fixture(scope="module")
def article_id(site):
    return site.shell(NEWSROOM).strip().splitlines()[-1]


def foreign_requests(context, site, path):
    """Open `path` in a new page of `context`, scroll to its end; return the requests that left our origin."""
    ours = urlsplit(site.url).netloc
    made = []
    page = context.new_page()
    page.on("request", lambda request: made.append(request.url))
    page.goto(site.url + path, wait_until="networkidle")
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_load_state("networkidle")
    assert urlsplit(page.url).path == urlsplit(site.url + path).path, f"{path} went to {page.url}"
    page.close()
    assert made, path
    return [url for url in made if urlsplit(url).scheme not in IN_PAGE_SCHEMES and urlsplit(url).netloc != ours]


def sign_in(browser, site, username, *, code_key=None):
    context = browser.new_context(viewport=DESKTOP)
    context.set_default_timeout(20000)
    page = context.new_page()
    page.goto(site.url + "/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    if code_key:
        page.wait_for_url("**/admin/two-factor/code/**")
        page.get_by_label("Code").fill(f"{totp(bytes.fromhex(code_key)):06d}")
        page.get_by_role("button", name="Continue").click()
    page.wait_for_url(site.url + "/admin/")
    page.close()
    return context


def test_readers_pages_and_the_discussion_request_nothing_from_elsewhere(site, browser, article_id):
    context = browser.new_context(viewport=DESKTOP)
    elsewhere = {path: foreign_requests(context, site, path) for path in READER_PAGES}
    context.close()
    assert elsewhere == {path: [] for path in READER_PAGES}


def test_an_editors_back_office_requests_nothing_from_elsewhere(site, browser, article_id):
    context = sign_in(browser, site, "tp-editor")
    paths = [path.format(article=article_id) for path in EDITOR_PAGES]
    elsewhere = {path: foreign_requests(context, site, path) for path in paths}
    context.close()
    assert elsewhere == {path: [] for path in paths}


def test_an_administrators_back_office_requests_nothing_from_elsewhere(site, browser, article_id):
    context = sign_in(browser, site, "tp-admin", code_key=TOTP_KEY)
    paths = [path.format(article=article_id) for path in ADMINISTRATOR_PAGES]
    elsewhere = {path: foreign_requests(context, site, path) for path in paths}
    context.close()
    assert elsewhere == {path: [] for path in paths}
