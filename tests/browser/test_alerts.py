"""Breaking news as readers get it, in a real Chromium against a running site."""

import json
import time

import pytest
import requests
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from broadsheet.newsroom.demo.articles import REFERENCE_SLUG
from tests.browser.test_page_quality import OBSERVE_SHIFTS

pytestmark = pytest.mark.browser

ARTICLE = f"/china/{REFERENCE_SLUG}/"
BANNER = "region"
DELIVERY_SECONDS = 5

SET_ALERT = """
import json, time
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from broadsheet.alerts.services import set_alert
editor, _ = get_user_model().objects.get_or_create(username="breaking-news-editor")
editor.groups.add(Group.objects.get(name="Editor"))
alert = set_alert(user=editor, text={text!r}, link={link!r})
print(json.dumps({{"id": alert.pk, "at": time.time()}}))
"""

# Direct, for the clean-up after the test: whatever happened, no alert is left over other tests' pages.
END_ALERTS = """
from django.utils import timezone
from broadsheet.alerts.models import Alert
for alert in Alert.objects.active():
    alert.ended_at = timezone.now()
    alert.save()
"""


def set_alert(site, text, link=""):
    """Set an alert as an Editor in the running site; return its id and when it was committed."""
    made = json.loads(site.shell(SET_ALERT.format(text=text, link=link)).strip().splitlines()[-1])
    return made["id"], made["at"]


def within_delivery(committed_at):
    """Milliseconds left of the promise that an alert reaches open pages within 5 s of being set."""
    return max(0, (committed_at + DELIVERY_SECONDS - time.time()) * 1000)


def looked_once_more(page):
    """Wait until the page's script has fetched the banner again and acted on it."""
    page.evaluate("document.querySelector('[data-alerts-banner]').removeAttribute('data-checked')")
    page.locator("[data-alerts-banner][data-checked]").wait_for(state="attached", timeout=10_000)


def test_an_alert_reaches_open_pages_within_five_seconds_and_stays_dismissed(site, browser, screenshots):
    desktop = browser.new_context(viewport={"width": 1280, "height": 900})
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        article = desktop.new_page()
        article.add_init_script(OBSERVE_SHIFTS)
        article.goto(site.url + ARTICLE)
        on_phone = phone.new_page()
        on_phone.clock.install()  # the page's own clock, run forward below to the alert's expiry
        on_phone.goto(site.url + ARTICLE)
        for page in (article, on_phone):
            page.locator("[data-alerts-banner][data-checked]").wait_for(state="attached")
            expect(page.get_by_role(BANNER, name="Breaking news")).to_have_count(0)
        headline_top = article.locator("h1").bounding_box()["y"]

        alert_id, committed_at = set_alert(site, "The summit has ended without a joint statement", ARTICLE)
        for page in (article, on_phone):
            banner = page.get_by_role(BANNER, name="Breaking news")
            expect(banner).to_be_visible(timeout=within_delivery(committed_at))
            expect(banner).to_contain_text("The summit has ended without a joint statement")
            # An overlay at the foot of the window: nothing on the page moved when it arrived.
            assert banner.bounding_box()["y"] + banner.bounding_box()["height"] == pytest.approx(
                page.viewport_size["height"], abs=1
            )
        assert article.locator("h1").bounding_box()["y"] == headline_top
        assert article.evaluate("window.__shifts") == []
        violations = Axe().run(article).response["violations"]
        assert violations == [], [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
        assert article.locator(".breaking-news a").get_attribute("href") == ARTICLE
        article.screenshot(path=screenshots / "breaking-news-desktop.png")
        on_phone.screenshot(path=screenshots / "breaking-news-phone.png")

        article.get_by_role("button", name="Dismiss breaking news").click()
        expect(article.get_by_role(BANNER, name="Breaking news")).to_have_count(0)
        looked_once_more(article)  # the next poll still finds the alert, and keeps it hidden
        expect(article.get_by_role(BANNER, name="Breaking news")).to_have_count(0)

        # Another page of the site: the alert is still on, and still dismissed for this reader.
        article.goto(site.url + "/")
        article.locator("[data-alerts-banner][data-checked]").wait_for(state="attached")
        expect(article.get_by_role(BANNER, name="Breaking news")).to_have_count(0)
        assert article.evaluate("localStorage.getItem('broadsheet:dismissed-alert')") == str(alert_id)
        # The phone's reader did not dismiss it.
        on_phone.reload()
        expect(on_phone.get_by_role(BANNER, name="Breaking news")).to_be_visible()

        # A new alert shows again to the reader who dismissed the last one.
        _, committed_at = set_alert(site, "Leaders will meet again in March")
        banner = article.get_by_role(BANNER, name="Breaking news")
        expect(banner).to_be_visible(timeout=within_delivery(committed_at))
        expect(banner).to_contain_text("Leaders will meet again in March")
        expect(banner.get_by_role("link")).to_have_count(0)

        # Readers' polls are answered by the web process itself (the edge's fast path), before
        # any of Django runs: each worker learns the banner from one answer of the page cache.
        outcomes = []
        deadline = time.monotonic() + 10
        while "fast" not in outcomes and time.monotonic() < deadline:
            answer = requests.get(site.url + "/alerts/banner/", timeout=5)
            assert answer.status_code == 200 and "Leaders will meet again in March" in answer.text
            outcomes.append(answer.headers["X-Page-Cache"])
        assert "fast" in outcomes, outcomes
        assert "s-maxage=1," in answer.headers["Cache-Control"]

        # Past its expiry (an hour, the default) the page hides the alert by itself, even while a
        # kept banner still carries it: the browser's clock jumps an hour ahead, the server's does not.
        phone_banner = on_phone.get_by_role(BANNER, name="Breaking news")
        expect(phone_banner).to_contain_text("Leaders will meet again in March", timeout=10_000)
        on_phone.clock.fast_forward("01:00:05")
        expect(phone_banner).to_have_count(0)
        looked_once_more(on_phone)
        expect(phone_banner).to_have_count(0)
    finally:
        site.shell(END_ALERTS)  # the site is shared with the other browser tests
        desktop.close()
        phone.close()
