"""Replying in place in a real Chromium: a signed-in reader opens the reply form under a comment, closes it with
Escape, opens it again from the keyboard, posts, and sees the reply awaiting review under the comment, there
again when they come back. (That no one else sees it is proven in-process: tests/comments/test_own_comments.py.)"""

import json

import pytest

from broadsheet.newsroom.demo.articles import REFERENCE_SLUG

pytestmark = pytest.mark.browser

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}

# A new reader (so their reply is held for a moderator) with a signed-in session, and Marta K.'s
# demo comment on the reference article, which they answer.
SETUP = """
import json
from importlib import import_module
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from broadsheet.accounts.models import Profile
from broadsheet.comments.models import Comment
user = get_user_model().objects.create_user("replying-reader", email="nadia@replies.example")
EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
Profile.objects.create(user=user, display_name="Nadia R.")
session = import_module(settings.SESSION_ENGINE).SessionStore()
session.update({"_auth_user_id": str(user.pk), "_auth_user_hash": user.get_session_auth_hash(),
                "_auth_user_backend": "django.contrib.auth.backends.ModelBackend"})
session.create()
marta = Comment.objects.get(author__profile__display_name="Marta K.", thread=None, status="approved")
print(json.dumps({"session": session.session_key, "comment": marta.pk}))
"""

REPLY = "The trade figures are in the ministry's yearly report, page twelve."


def test_a_reader_replies_in_place_and_sees_the_reply_awaiting_review_under_the_comment(site, browser, screenshots):
    world = json.loads(site.shell(SETUP).strip().splitlines()[-1])
    marta = world["comment"]
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    context.add_cookies([{"name": "sessionid", "value": world["session"], "url": site.url}])
    page = context.new_page()
    page.set_default_timeout(10000)
    article = f"{site.url}/china/{REFERENCE_SLUG}/"
    page.goto(article)

    # Reply opens the form under Marta's comment, naming her, with the focus in it; Escape closes it.
    reply = page.locator(f".comments #comment-{marta}").get_by_role("link", name="Reply to Marta K.")
    reply.click()
    field = page.get_by_label("Replying to Marta K.")
    field.wait_for()
    assert page.evaluate("document.activeElement.getAttribute('name')") == "body"
    assert page.locator(f"#comment-{marta} + .comment-reply-slot textarea").count() == 1
    page.keyboard.press("Escape")
    field.wait_for(state="detached")
    assert page.evaluate("document.activeElement.textContent") == "Reply to Marta K."

    # Open it again from the keyboard, write and post: the page stays, the form closes, the reply
    # shows under Marta's comment, awaiting review.
    page.keyboard.press("Enter")
    field.wait_for()
    page.keyboard.type(REPLY)
    page.locator("#discussion").screenshot(path=screenshots / "reply-form-desktop.png")
    # The form refuses what is sent within seconds of being shown (robots); wait as a person would.
    page.wait_for_function(
        "Date.now() / 1000 - Number(document.querySelector('[data-reply-form] [name=started]').value) > 3.2",
        timeout=10000,
    )
    page.get_by_role("button", name="Post reply").click()
    thread = page.locator(f".comments li:has(> #comment-{marta})")
    posted = thread.locator(".comment-replies .comment", has_text=REPLY)
    posted.wait_for()
    assert "Awaiting review." in posted.inner_text()
    assert "Your reply is awaiting review" in thread.locator(".comment-posted").text_content()  # read out
    assert field.count() == 0 and page.url == article
    page.locator("#discussion").screenshot(path=screenshots / "reply-posted-desktop.png")

    # Back on the article later: their private fragment puts the held reply under Marta's comment again.
    page.set_viewport_size(VIEWPORTS["phone"])
    page.reload()
    posted.wait_for()
    assert "Awaiting review." in posted.inner_text()
    page.locator("#discussion").screenshot(path=screenshots / "reply-held-phone.png")
    context.close()
