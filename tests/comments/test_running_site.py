"""The discussion on a real running site: parallel commenters, the whole reader-to-moderator path in
Chromium, sign-in through an outside OpenID Connect provider, and the XSS corpus in a real browser."""

import json
import re
import time
from concurrent.futures import ProcessPoolExecutor

import pytest
import requests
from axe_playwright_python.sync_playwright import Axe

from tests.accounts.oidc_provider import Provider
from tests.harness.sites import RunningSite

from .xss import PAYLOADS

WRITERS, COMMENTS_EACH, DUPLICATE_EVERY = 8, 100, 10
PASSWORD = "a-long-passphrase"


@pytest.fixture(scope="module")
def provider():
    with Provider(
        person={"sub": "ada-1815", "email": "ada@analytical.example", "email_verified": True, "name": "Ada L."}
    ) as running:
        yield running


@pytest.fixture(scope="module")
def discussion_site(provider):
    running = RunningSite(
        workers=2,
        threads=2,
        extra_env={
            # All load comes from 127.0.0.1: lift the per-minute limits (their own tests run in-process).
            "COMMENTS_PER_MINUTE": "100000000",
            "COMMENTS_PER_NETWORK_PER_MINUTE": "100000000",
            "COMMENTS_MIN_FORM_SECONDS": "0",
            "STAFF_2FA_REQUIRED_FOR": "none",
            "OIDC_CLIENT_ID": provider.client_id,
            "OIDC_SECRET": provider.secret,
            "OIDC_SERVER_URL": provider.url,
            "OIDC_PROVIDER_ID": "testidp",
            "OIDC_NAME": "Test Identity",
        },
    )
    running.prepare().start()
    yield running
    running.stop()


def shell_json(site, code):
    return json.loads(site.shell(code).strip().splitlines()[-1])


SETUP_WRITERS = """
import json
from datetime import timedelta
from importlib import import_module
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from broadsheet.accounts.models import Profile
from broadsheet.comments.models import Comment
from broadsheet.newsroom.models import ArticlePage
article = ArticlePage.objects.visible().exclude(reader_comments__isnull=False).order_by("pk").first()
store = import_module(settings.SESSION_ENGINE).SessionStore
sessions = []
for n in range({count}):
    user = get_user_model().objects.create_user(f"load{{n}}", email=f"load{{n}}@example.org")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    Profile.objects.create(user=user, display_name=f"Load {{n}}")
    # Trusted: one comment approved an hour ago.
    Comment.objects.create(article=article, author=user, body=f"Seed {{n}}", status="approved",
                           created_at=timezone.now() - timedelta(hours=1))
    session = store()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session.create()
    sessions.append(session.session_key)
print(json.dumps({{"article": article.pk, "sessions": sessions}}))
"""


def write_comments(url, article_id, session_key, writer):
    """One commenter's process: 100 comments, every tenth the same text again (which must be refused)."""
    token = "a" * 32  # an unmasked CSRF secret, sent as cookie and field alike
    http = requests.Session()
    http.cookies.set("sessionid", session_key)
    http.cookies.set("csrftoken", token)
    statuses = []
    for n in range(COMMENTS_EACH):
        body = f"Writer {writer}, comment {n - 1 if n % DUPLICATE_EVERY == DUPLICATE_EVERY - 1 else n}."
        response = http.post(
            f"{url}/comments/{article_id}/post/",
            data={"body": body, "csrfmiddlewaretoken": token, "started": "1"},
            allow_redirects=False,
            timeout=60,
        )
        statuses.append(response.status_code)
    return statuses


@pytest.mark.concurrency
def test_eight_parallel_commenters_end_with_exactly_the_accepted_comments_stored_and_counted(discussion_site):
    site = discussion_site
    setup = shell_json(site, SETUP_WRITERS.format(count=WRITERS))
    article_id = setup["article"]
    started = time.monotonic()
    with ProcessPoolExecutor(WRITERS) as pool:
        results = list(
            pool.map(
                write_comments,
                [site.url] * WRITERS,
                [article_id] * WRITERS,
                setup["sessions"],
                range(WRITERS),
            )
        )
    elapsed = time.monotonic() - started
    statuses = [status for result in results for status in result]
    accepted = statuses.count(303)
    assert set(statuses) <= {303, 409}, set(statuses)
    assert accepted == WRITERS * (COMMENTS_EACH - COMMENTS_EACH // DUPLICATE_EVERY)
    stored = shell_json(
        site,
        f"""
import json
from broadsheet.comments.models import Comment
on_article = Comment.objects.filter(article_id={article_id})
load = on_article.filter(author__username__startswith="load").exclude(body__startswith="Seed")
print(json.dumps({{"stored": load.count(), "approved": on_article.filter(status="approved").count()}}))
""",
    )
    assert stored["stored"] == accepted
    counts = requests.get(f"{site.url}/f/counts/{article_id}/", timeout=10).text
    assert f"{stored['approved']:,} comments" in counts
    print(f"\n{len(statuses)} comment posts in {elapsed:.1f}s ({len(statuses) / elapsed:.0f}/s), {accepted} accepted")


SETUP_MODERATOR = """
import json
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from broadsheet.newsroom.models import ArticlePage
user = get_user_model().objects.create_user("mod", password="{password}")
user.groups.add(Group.objects.get(name="Moderator"))
reference = ArticlePage.objects.get(slug="china-and-russia-will-not-form-a-military-alliance-analysts-say")
print(json.dumps({{"url": reference.url, "pk": reference.pk}}))
"""


def serious_axe_violations(page):
    found = [v for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")]
    return [(v["id"], v["help"]) for v in found]


def newest_mail(site, since):
    folder = site.folder / "mail"
    for _ in range(50):
        files = sorted((f for f in folder.glob("*.log") if f.stat().st_mtime >= since), key=lambda f: f.stat().st_mtime)
        if files:
            return files[-1].read_text()
        time.sleep(0.2)
    raise AssertionError("no e-mail was written under var/mail/")


@pytest.mark.browser
def test_sign_up_verify_comment_held_moderator_approves_then_outside_provider_sign_in(
    discussion_site, browser, screenshots
):
    site = discussion_site
    reference = shell_json(site, SETUP_MODERATOR.format(password=PASSWORD))
    reader = browser.new_context()
    page = reader.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    # Sign up, and confirm the address from the e-mail written under var/mail/.
    before = time.time() - 1
    page.goto(f"{site.url}/accounts/signup/")
    page.fill("input[name=email]", "nadia@example.org")
    page.fill("input[name=display_name]", "Nadia R.")
    page.fill("input[name=password1]", "correct horse battery")
    page.fill("input[name=password2]", "correct horse battery")
    page.check("input[name=consent]")
    page.locator("main form button[type=submit]").click()
    mail = newest_mail(site, before)
    link = re.search(r"http://127\.0\.0\.1:\d+/accounts/confirm-email/\S+/", mail).group(0)
    page.goto(link)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()

    # Comment on the reference article: a new commenter is held, and told which rule applied.
    page.goto(site.url + reference["url"])
    form = page.locator("[data-fragment$='/form/'][data-fragment-loaded]")
    form.wait_for()
    assert form.locator("textarea[name=body]").count() == 1, form.inner_text()
    body = "First comment from a new reader: the trade figures matter most."
    page.locator("textarea[name=body]").fill(body)
    page.get_by_role("button", name="Post comment").click()
    held = page.locator(".comment-messages")
    held.wait_for()
    assert "held for a moderator" in held.inner_text()
    assert held.get_by_role("link", name="Rule: New commenters are reviewed first").get_attribute("href") == (
        "/community-standards/#new-commenter"
    )
    page.screenshot(path=screenshots / "discussion-held.png")

    # A Moderator approves it in the back office.
    staff = browser.new_context().new_page()
    staff.goto(f"{site.url}/admin/login/")
    staff.fill("input[name=username]", "mod")
    staff.fill("input[name=password]", PASSWORD)
    staff.locator("button[type=submit]").first.click()
    staff.goto(f"{site.url}/admin/comments/")
    staff.locator(".moderation-item", has_text=body).locator("input[type=checkbox]").check()
    staff.locator("button[name=action][value=approve]").click()
    staff.wait_for_load_state()
    staff.screenshot(path=screenshots / "discussion-queue.png")

    # On the article (a new reader, so no fragment is in a browser cache): shown, and counted.
    fresh = browser.new_context().new_page()
    fresh.goto(site.url + reference["url"])
    fresh.locator(".comment-body", has_text=body).wait_for(timeout=10000)
    counters = fresh.locator("[data-fragment^='/f/counts/']")
    fresh.wait_for_function(
        "document.querySelector(\"[data-fragment^='/f/counts/']\").textContent.includes('comments')"
    )
    assert "5 comments" in counters.text_content()
    fresh.screenshot(path=screenshots / "discussion-approved.png", full_page=True)
    assert serious_axe_violations(fresh) == []

    # With JavaScript off the discussion is reachable on its own page.
    no_js = browser.new_context(java_script_enabled=False).new_page()
    no_js.goto(site.url + reference["url"])
    no_js.get_by_role("link", name="Read the discussion").click()
    assert no_js.locator(".comment-body", has_text=body).count() == 1
    assert serious_axe_violations(page) == []  # the signed-in reader's article, with the comment form

    # "Continue with" an outside OpenID Connect provider started by this test.
    outside = browser.new_context().new_page()
    outside.goto(f"{site.url}/accounts/login/")
    outside.get_by_text("Test Identity").first.click()
    outside.locator("main form button[type=submit]").click()
    outside.get_by_label("I agree to the Terms").check()  # a new reader, on the sign-up form
    outside.get_by_role("button", name="Create an account").click()
    outside.wait_for_url(f"{site.url}/accounts/profile/")
    assert "ada@analytical.example" in outside.content()
    account_bar = outside.locator("[data-fragment='/f/account/'][data-fragment-loaded]")
    account_bar.wait_for()
    assert "Signed in as Ada L." in account_bar.inner_text()
    assert dialogs == []


SETUP_HOSTILE = """
import json
from django.contrib.auth import get_user_model
from allauth.account.models import EmailAddress
from broadsheet.accounts.models import Profile
from broadsheet.comments.models import Comment, Flag
from broadsheet.newsroom.models import ArticlePage
payloads = json.loads({payloads!r})
article = ArticlePage.objects.visible().exclude(reader_comments__isnull=False).order_by("-pk").first()
flagger = get_user_model().objects.create_user("flagger")
for n, payload in enumerate(payloads):
    email = f"hostile{{n}}@example.org"
    # Only the one who signs in below needs a password (hashing 50 is slow on purpose).
    user = get_user_model().objects.create_user(
        f"hostile{{n}}", email=email, password="{password}" if n == 3 else None
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    Profile.objects.create(user=user, display_name=payload[:50])
    comment = Comment.objects.create(article=article, author=user, body=f"Before {{payload}} after", status="approved")
    Flag.objects.create(comment=comment, reporter=flagger, reason="abuse", note=payload[:300])
    Comment.objects.create(article=article, author=user, body=payload, status="pending", rule="toxicity")
print(json.dumps({{"url": article.url, "pk": article.pk}}))
"""

PROBE = """() => {
  const found = [];
  for (const el of document.querySelectorAll('.comment *, .own-comments *, .moderation-table *, .account-name *')) {
    const tag = el.tagName.toLowerCase();
    const bad = ['script','iframe','object','embed','svg','math','img','style','base','video','details','meta'];
    if (bad.includes(tag)) found.push(tag);
    for (const a of el.attributes) if (a.name.startsWith('on')) found.push(tag + '[' + a.name + ']');
    const url = el.getAttribute('href') || '';
    if (/^\\s*(javascript|data|vbscript):/i.test(url)) found.push(tag + '[href=' + url + ']');
  }
  return {found, xss: window.__xss || null};
}"""


@pytest.mark.browser
def test_no_payload_runs_in_chromium_anywhere_a_reader_text_is_shown(discussion_site, browser):
    site = discussion_site
    article = shell_json(site, SETUP_HOSTILE.format(payloads=json.dumps(PAYLOADS), password=PASSWORD))
    shell_json(site, SETUP_MODERATOR.replace('"mod"', '"mod2"').format(password=PASSWORD))
    context = browser.new_context()
    dialogs = []
    context.on("page", lambda p: p.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss())))
    page = context.new_page()
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    places = [site.url + article["url"], f"{site.url}/comments/{article['pk']}/"]
    for place in places:
        page.goto(place)
        page.locator(".comment").first.wait_for()
        page.wait_for_timeout(300)
        assert page.evaluate(PROBE) == {"found": [], "xss": None}, place
    # The reader's own page and account bar, signed in as a writer whose name is a payload.
    page.goto(f"{site.url}/accounts/login/")
    page.fill("input[name=login]", "hostile3@example.org")
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.goto(f"{site.url}/comments/mine/")
    page.wait_for_timeout(300)
    assert page.evaluate(PROBE) == {"found": [], "xss": None}
    # The moderation queue, with every payload as a body, a display name and a flag note.
    staff = context.new_page()
    staff.goto(f"{site.url}/admin/login/")
    staff.fill("input[name=username]", "mod2")
    staff.fill("input[name=password]", PASSWORD)
    staff.locator("button[type=submit]").first.click()
    for status in ("pending", "approved"):
        staff.goto(f"{site.url}/admin/comments/?status={status}&article={article['pk']}")
        staff.wait_for_timeout(300)
        assert staff.evaluate(PROBE) == {"found": [], "xss": None}, status
        assert staff.locator(".moderation-item").count() >= len(PAYLOADS)
    assert dialogs == []
