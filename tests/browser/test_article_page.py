"""A reader's path through the site in a real Chromium, with screenshots and an accessibility audit."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from broadsheet.newsroom.demo.articles import REFERENCE_SLUG
from tests.reference import REFERENCE_DATELINE, REFERENCE_TAGS

pytestmark = pytest.mark.browser

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.mark.parametrize("device", VIEWPORTS)
def test_reader_follows_front_page_link_to_the_reference_article(site, browser, screenshots, device):
    page = browser.new_page(viewport=VIEWPORTS[device])
    page.goto(site.url + "/")
    page.screenshot(path=screenshots / f"front-{device}.png", full_page=True)
    page.get_by_role("link", name="China and Russia will not form a military alliance, analysts say").first.click()
    page.wait_for_url(f"**/{REFERENCE_SLUG}/")

    assert page.locator("h1").inner_text() == "China and Russia will not form a military alliance, analysts say"
    dateline = page.locator(".datelines time").first
    assert dateline.inner_text() == REFERENCE_DATELINE
    assert dateline.get_attribute("datetime") == "2020-01-23T17:48:00+00:00"
    assert page.locator(".tag-row a").all_inner_texts() == REFERENCE_TAGS
    assert len(page.locator(".related a").all()) == 5
    assert page.locator("ul.action-bar").is_visible()
    # The account fragment replaced its no-JavaScript fallback after load.
    page.wait_for_selector("[data-fragment='/f/account/'][data-fragment-loaded]")
    page.screenshot(path=screenshots / f"article-{device}.png", full_page=True)
    page.close()


def test_article_reads_fully_with_javascript_off(site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site.url}/china/{REFERENCE_SLUG}/")
    assert page.locator(".tag-row a").count() == 10
    assert page.get_by_role("link", name="Sign in").is_visible()
    context.close()


@pytest.mark.parametrize("path", ["/", f"/china/{REFERENCE_SLUG}/", "/china/", "/tags/china/", "/authors/li-wei/"])
def test_pages_have_no_serious_accessibility_violations(site, browser, path):
    page = browser.new_page()
    page.goto(site.url + path)
    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in serious]
    page.close()


def test_keyboard_user_can_skip_to_content(site, browser):
    page = browser.new_page()
    page.goto(site.url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    page.close()


@pytest.mark.parametrize("path", ["/", f"/china/{REFERENCE_SLUG}/", "/china/"])
@pytest.mark.parametrize("width", [320, 390])
def test_no_page_is_wider_than_a_phone(site, browser, path, width):
    """Everything features add to the header and the action bar must wrap, never scroll sideways."""
    page = browser.new_page(viewport={"width": width, "height": 800})
    page.goto(site.url + path)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.close()
