"""The Listen player in a real Chromium: it plays, seeks, changes speed and stays in view; Listen Live opens."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from broadsheet.newsroom.demo.articles import REFERENCE_SLUG

pytestmark = pytest.mark.browser

ARTICLE = f"/china/{REFERENCE_SLUG}/"


def test_the_articles_listen_player_plays_seeks_and_keeps_its_place(site, browser):
    context = browser.new_context()
    page = context.new_page()
    page.goto(site.url + ARTICLE)
    # The counts arrive after load (and may wrap the bar); measure once they are in.
    page.wait_for_selector(".action-bar .counters:not([hidden])")
    body_top = page.locator(".article-body").bounding_box()["y"]
    summary = page.locator(".listen summary")
    assert summary.inner_text().startswith("Listen · ") and summary.inner_text().endswith(" min")
    summary.focus()
    page.keyboard.press("Enter")  # a keyboard reader opens it; that is also the gesture that allows play()
    audio = page.locator(".listen audio")
    assert audio.is_visible()
    # The panel floats over the article: opening it moved nothing.
    assert page.locator(".article-body").bounding_box()["y"] == body_top
    page.evaluate("document.querySelector('.listen audio').play()")
    page.wait_for_function("document.querySelector('.listen audio').currentTime > 0.5", timeout=15000)
    duration = page.evaluate("document.querySelector('.listen audio').duration")
    assert duration > 5
    page.evaluate(f"document.querySelector('.listen audio').currentTime = {duration / 2}")
    page.wait_for_function(f"document.querySelector('.listen audio').currentTime > {duration / 2 + 0.2}", timeout=15000)
    page.get_by_label("Speed").select_option("1.5")
    assert page.evaluate("document.querySelector('.listen audio').playbackRate") == 1.5
    # Scrolled to the end of the article, the playing player is still in the window.
    page.mouse.wheel(0, 5000)
    page.wait_for_timeout(300)
    box = audio.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= page.viewport_size["height"]
    serious = [v for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], [(v["id"], v["help"]) for v in serious]
    context.close()


def test_with_javascript_off_the_native_player_is_there_without_a_speed_control(site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site.url + ARTICLE)
    page.locator(".listen summary").click()
    assert page.locator(".listen audio").is_visible()
    assert not page.get_by_label("Speed").is_visible()
    context.close()


def test_listen_live_opens_in_its_own_small_window_with_the_latest_bulletin(site, browser):
    context = browser.new_context()
    page = context.new_page()
    page.goto(site.url + "/")
    with context.expect_page() as opened:
        page.get_by_role("link", name="Listen Live").click()
    player = opened.value
    player.wait_for_load_state()
    assert player.url.endswith("/listen/live/") and page.url == site.url + "/"
    assert "On air" in player.locator("main").inner_text()
    assert player.locator("audio").count() == 1
    context.close()
