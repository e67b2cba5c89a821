"""The front page and the reference article in a real Chromium: nothing moves while they load, axe finds nothing."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from broadsheet.newsroom.demo.articles import REFERENCE_SLUG

pytestmark = pytest.mark.browser

PAGES = ["/", f"/china/{REFERENCE_SLUG}/"]
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}

OBSERVE_SHIFTS = """
window.__shifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    window.__shifts.push([entry.value, (entry.sources || []).map(
      (s) => s.node && s.node.nodeType === 1 ? s.node.outerHTML.slice(0, 100) : String(s.node))]);
  }
}).observe({type: "layout-shift", buffered: true});
"""


@pytest.mark.parametrize("device", VIEWPORTS)
@pytest.mark.parametrize("path", PAGES)
def test_filling_in_fragments_and_pictures_shifts_nothing(site, browser, path, device):
    page = browser.new_page(viewport=VIEWPORTS[device])
    page.add_init_script(OBSERVE_SHIFTS)
    page.goto(site.url + path, wait_until="networkidle")
    # The account bar and the counters have arrived: the moment a shift would have happened.
    page.wait_for_selector("[data-fragment='/f/account/'][data-fragment-loaded]")
    if "/china/" in path:
        page.wait_for_selector(".counters[data-fragment-loaded]")
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__shifts") == []
    page.close()


@pytest.mark.parametrize("device", VIEWPORTS)
@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_violation_of_any_impact(site, browser, path, device):
    page = browser.new_page(viewport=VIEWPORTS[device])
    page.goto(site.url + path, wait_until="networkidle")
    violations = Axe().run(page).response["violations"]
    assert violations == [], [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    page.close()


def test_axe_finds_no_violation_on_the_contact_form_showing_its_errors(site, browser):
    """The contact form as a reader sees it after a mistake: each message by its field, on a phone."""
    page = browser.new_page(viewport=VIEWPORTS["phone"])
    page.goto(site.url + "/contact/", wait_until="networkidle")
    page.fill("#id_email", "not an address")
    page.click(".contact-page button[type=submit]")
    page.wait_for_selector("#id_email_error")
    violations = Axe().run(page).response["violations"]
    assert violations == [], [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    page.close()
