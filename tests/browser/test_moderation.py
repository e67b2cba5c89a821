"""The moderation desk in a real Chromium: keyboard approval, rejecting two comments under a rule (their
authors told it), banning a reader from a ticked comment, and the desk's screens at desktop and phone widths."""

import json
import time

import pytest
import requests

from tests.staff.helpers import PASSWORD

pytestmark = pytest.mark.browser

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}

# A moderator, four readers with held comments (each reader's own session, as a signed-in browser
# would hold), and one published comment readers flagged, on a live demo article.
SETUP = f"""
import json
from importlib import import_module
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from broadsheet.accounts.models import Profile
from broadsheet.comments.models import Comment, Flag, Rule
from broadsheet.newsroom.models import ArticlePage

User = get_user_model()
moderator, made = User.objects.get_or_create(username="desk-moderator", defaults=dict(first_name="Mo"))
moderator.set_password({PASSWORD!r}); moderator.save(); moderator.groups.set([Group.objects.get(name="Moderator")])
article = ArticlePage.objects.visible().order_by("pk").first()
store = import_module(settings.SESSION_ENGINE).SessionStore
people = {{}}
for key, name, body in (
    ("anna", "Anna Reader", "People like you should not be allowed to vote."),
    ("oleg", "Oleg Reader", "Only an idiot would write this article."),
    ("ben", "Ben Troll", "Buy followers cheap at my site, best prices."),
    ("kim", "Kim Fairweather", "The council published the figures last week; they match."),
):
    user = User.objects.create_user(f"modr-{{key}}", email=f"{{key}}@modr.example")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    Profile.objects.create(user=user, display_name=name)
    comment = Comment.objects.create(article=article, author=user, body=body, rule=Rule.NEW_COMMENTER)
    session = store()
    session.update({{"_auth_user_id": str(user.pk), "_auth_user_hash": user.get_session_auth_hash(),
                    "_auth_user_backend": "django.contrib.auth.backends.ModelBackend"}})
    session.create()
    people[key] = {{"user": user.pk, "comment": comment.pk, "session": session.session_key, "body": body}}
flagged = Comment.objects.create(article=article, author=User.objects.get(username="modr-kim"), status="approved",
                                 body="Everyone on this page is paid to post.")
for key, reason in (("anna", "abuse"), ("oleg", "abuse"), ("ben", "off-topic")):
    Flag.objects.create(comment=flagged, reporter=User.objects.get(username=f"modr-{{key}}"), reason=reason,
                        note="Not true." if key == "anna" else "")
Comment.objects.filter(pk=flagged.pk).update(flag_count=3)
print(json.dumps({{"article": article.pk, "people": people}}))
"""


def as_reader(site, session_key):
    """A reader's HTTP session (their session cookie, and a CSRF secret sent as cookie and field alike)."""
    http = requests.Session()
    http.cookies.set("sessionid", session_key)
    http.cookies.set("csrftoken", "b" * 32)
    return http


def sign_in(browser, site, viewport="desktop", **context):
    page = browser.new_context(viewport=VIEWPORTS[viewport], **context).new_page()
    page.set_default_timeout(20000)
    page.goto(site.url + "/admin/login/")
    page.fill("#id_username", "desk-moderator")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(site.url + "/admin/")
    return page


def wait_for(check, seconds=15):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if result := check():
            return result
        time.sleep(0.2)
    return check()


def test_moderator_rejects_two_under_a_rule_and_bans_a_reader_in_chromium(site, browser, screenshots):
    world = json.loads(site.shell(SETUP).strip().splitlines()[-1])
    people = world["people"]
    page = sign_in(browser, site)
    page.goto(f"{site.url}/admin/comments/")
    assert page.locator("#moderation-legend").is_visible()  # the script runs and shows its keys
    page.screenshot(path=screenshots / "moderation-queue-desktop.png", full_page=True)

    # Keyboard: j goes to the newest comment (Kim's), a approves it.
    page.keyboard.press("j")
    current = page.locator(".moderation-item.is-current")
    assert people["kim"]["body"] in current.inner_text()
    page.keyboard.press("a")
    page.locator(".messages", has_text="Approved 1 comment").wait_for()
    assert page.locator(".moderation-item", has_text=people["kim"]["body"]).count() == 0

    # Tick two held comments, choose the rule, reject: both leave the queue, and it says so in words.
    for key in ("anna", "oleg"):
        page.get_by_label(f"Tick the comment by {page_name(key)}", exact=False).check()
    page.get_by_label("Rule broken").select_option(label="Personal attacks")
    page.get_by_role("button", name="Reject", exact=True).click()
    message = page.locator(".messages", has_text="Rejected 2 comments")
    message.wait_for()
    assert "for breaking rule 'Personal attacks'; their authors were told" in message.inner_text()
    for key in ("anna", "oleg"):
        assert page.locator(".moderation-item", has_text=people[key]["body"]).count() == 0
    page.screenshot(path=screenshots / "moderation-rejected-desktop.png", full_page=True)

    # Each author is told the rule: on their own comments page, and by e-mail.
    for key in ("anna", "oleg"):
        mine = as_reader(site, people[key]["session"]).get(f"{site.url}/comments/mine/", timeout=10).text
        assert "Rejected" in mine and 'href="/community-standards/#personal-attacks"' in mine, key
        letter = wait_for(lambda key=key: mail_to(site, f"{key}@modr.example"))
        assert letter and "Rule: Personal attacks" in letter and people[key]["body"] in letter, key

    # Tick Ben's comment and ban its author: the reader can no longer post (checked on the server).
    page.get_by_label(f"Tick the comment by {page_name('ben')}", exact=False).check()
    page.get_by_label("Ban their authors").select_option("7")
    page.get_by_role("button", name="Ban", exact=True).click()
    page.locator(".messages", has_text="Banned Ben Troll for 7 days").wait_for()
    refused = as_reader(site, people["ben"]["session"]).post(
        f"{site.url}/comments/{world['article']}/post/",
        data={"body": "Am I still here?", "csrfmiddlewaretoken": "b" * 32, "started": str(int(time.time()) - 60)},
        headers={"Referer": site.url + "/"},
        allow_redirects=False,
        timeout=10,
    )
    assert refused.status_code == 403 and "You may not comment until" in refused.text

    # The reader's history is one click from the comment.
    page.locator(".moderation-item", has_text=people["ben"]["body"]).get_by_role("link", name="Ben Troll").click()
    page.wait_for_url(f"**/admin/comments/readers/{people['ben']['user']}/")
    assert "Banned until" in page.locator("main").inner_text()
    page.screenshot(path=screenshots / "moderation-history-desktop.png", full_page=True)
    page.close()

    # The desk's screens at both widths, for a person to look at.
    for device in VIEWPORTS:
        page = sign_in(browser, site, device)
        for name, address in (
            ("queue", "/admin/comments/?status=pending"),
            ("flagged", "/admin/comments/?status=flagged"),
            ("readers", "/admin/comments/readers/"),
            ("history", f"/admin/comments/readers/{people['anna']['user']}/"),
            ("delete", f"/admin/comments/readers/{people['anna']['user']}/delete/"),
        ):
            page.goto(site.url + address)
            page.screenshot(path=screenshots / f"moderation-{name}-{device}.png", full_page=True)
        flagged = page.goto(f"{site.url}/admin/comments/?status=flagged")
        assert flagged.status == 200 and "Abuse or harassment ×2, Off-topic" in page.locator("main").inner_text()
        page.close()


def test_the_queue_works_without_javascript(site, browser):
    world = json.loads(site.shell(SETUP.replace("modr-", "nojs-").replace("@modr.", "@nojs.")).strip().splitlines()[-1])
    page = sign_in(browser, site, java_script_enabled=False)
    page.goto(f"{site.url}/admin/comments/")
    assert page.locator("#moderation-legend").is_hidden()
    body = world["people"]["kim"]["body"]
    page.locator(".moderation-item", has_text=body).get_by_role("button", name="Approve the comment by").click()
    page.wait_for_load_state()
    assert "Approved 1 comment" in page.locator(".messages").inner_text()
    assert page.locator(".moderation-item", has_text=body).count() == 0
    page.close()


NAMES = {"anna": "Anna Reader", "oleg": "Oleg Reader", "ben": "Ben Troll", "kim": "Kim Fairweather"}


def page_name(key):
    return NAMES[key]


def mail_to(site, address):
    """Return the text of the newest e-mail the site wrote to this address, if any."""
    folder = site.folder / "mail"
    letters = sorted(folder.glob("*.log"), key=lambda path: path.stat().st_mtime) if folder.exists() else []
    for letter in reversed(letters):
        text = letter.read_text(errors="replace")
        if f"To: {address}" in text:
            return text
    return None
