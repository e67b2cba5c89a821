"""'Get short URL' in a real Chromium: keyboard, copy, QR code, no layout shift, JavaScript off, axe."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from broadsheet.newsroom.demo.articles import REFERENCE_SLUG

pytestmark = pytest.mark.browser

ARTICLE = f"/china/{REFERENCE_SLUG}/"


def test_a_keyboard_reader_opens_the_short_link_copies_it_and_sees_the_qr_code(site, browser):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(site.url + ARTICLE)
    body_top = page.locator(".article-body").bounding_box()["y"]
    summary = page.locator(".short-link summary")
    summary.focus()
    page.keyboard.press("Enter")
    field = page.get_by_label("Short link to this article")
    assert field.is_visible()
    url = field.input_value()
    assert "/s/" in url
    # The panel floats over the article: opening it moved nothing below the action bar.
    # Sub-pixel differences come from text rasterisation (counters arriving); a shift is a pixel or more.
    assert abs(page.locator(".article-body").bounding_box()["y"] - body_top) < 1
    page.keyboard.press("Tab")  # from the summary to the field
    page.keyboard.press("Tab")  # to the Copy button
    assert page.evaluate("document.activeElement.textContent") == "Copy"
    page.keyboard.press("Enter")
    page.get_by_text("Copied.").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == url
    qr = page.locator("img.short-link-qr")
    qr.scroll_into_view_if_needed()
    page.wait_for_function("document.querySelector('img.short-link-qr').naturalWidth > 0")
    assert qr.bounding_box()["width"] == 148
    serious = [v for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], [(v["id"], v["help"]) for v in serious]
    context.close()


def test_with_javascript_off_the_link_is_there_to_select_and_the_copy_button_is_not(site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site.url + ARTICLE)
    page.locator(".short-link summary").click()
    field = page.get_by_label("Short link to this article")
    assert field.is_visible() and "/s/" in field.input_value()
    field.select_text()
    selected = page.evaluate("[document.activeElement.selectionStart, document.activeElement.selectionEnd]")
    assert selected == [0, len(field.input_value())]
    assert not page.get_by_role("button", name="Copy").is_visible()
    assert page.get_by_role("link", name="Download QR code (SVG)").is_visible()
    context.close()


@pytest.mark.parametrize("width", [390, 800, 900, 1280])
def test_the_open_panel_stays_inside_the_window_at_every_width(site, browser, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(site.url + ARTICLE)
    page.locator(".short-link summary").click()
    box = page.locator(".short-link-panel").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()
