"""Sign-up, sign-in, password reset and the profile in Chromium, phone and desktop: axe finds nothing, nothing moves."""

import re
import time
import uuid

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
OBSERVE_SHIFTS = """
window.__shifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) window.__shifts.push(entry.value);
}).observe({type: "layout-shift", buffered: true});
"""


def newest_mail(site, since, deadline=10):
    folder = site.folder / "mail"
    stop = time.monotonic() + deadline
    while time.monotonic() < stop:
        files = sorted((f for f in folder.glob("*.log") if f.stat().st_mtime >= since), key=lambda f: f.stat().st_mtime)
        if files:
            return files[-1].read_text()
        time.sleep(0.2)
    raise AssertionError("no e-mail was written under the site's mail folder")


def check(page, site, path, shots, name):
    """Visit path at each screen size: no axe violation, no layout shift, a screenshot of each."""
    for device, viewport in VIEWPORTS.items():
        page.set_viewport_size(viewport)
        page.goto(site.url + path, wait_until="networkidle")
        page.wait_for_selector("[data-fragment='/f/account/'][data-fragment-loaded]")
        violations = Axe().run(page).response["violations"]
        assert violations == [], (path, device, [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations])
        assert page.evaluate("window.__shifts") == [], (path, device)
        # Nothing wider than the screen.
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"], (path, device)
        page.screenshot(path=shots / f"{name}-{device}.png", full_page=True)


def test_account_pages_pass_axe_at_phone_and_desktop_sizes(site, browser, tmp_path):
    context = browser.new_context()
    context.add_init_script(OBSERVE_SHIFTS)
    page = context.new_page()
    check(page, site, "/accounts/signup/", tmp_path, "signup")
    check(page, site, "/accounts/login/", tmp_path, "signin")
    check(page, site, "/accounts/password/reset/", tmp_path, "password-reset")

    # Sign up by keyboard and mouse as a reader does, confirm from the e-mail, land on the profile.
    email = f"axe-{uuid.uuid4().hex[:8]}@example.org"
    page.goto(site.url + "/accounts/signup/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Display name").fill("Axe Reader")
    page.get_by_label("Password", exact=True).fill("correct horse battery")
    page.get_by_label("Password again").fill("correct horse battery")
    page.get_by_label("I agree to the Terms").check()
    before = time.time() - 1
    page.get_by_role("button", name="Create an account").click()
    page.get_by_role("heading", name="Check your e-mail").wait_for()
    link = re.search(r"http://127\.0\.0\.1:\d+/accounts/confirm-email/\S+/", newest_mail(site, before)).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm my e-mail address").click()
    page.get_by_role("heading", name="Your account", exact=True).wait_for()
    check(page, site, "/accounts/profile/", tmp_path, "profile")
    context.close()
