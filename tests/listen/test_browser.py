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
    # Sub-pixel differences come from text rasterisation (counters arriving); a shift is a pixel or more.
    assert abs(page.locator(".article-body").bounding_box()["y"] - body_top) < 1
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


@pytest.mark.parametrize("javascript", [True, False])
def test_on_a_phone_the_open_player_stays_inside_the_screen(site, browser, javascript):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, java_script_enabled=javascript
    )
    page = context.new_page()
    page.goto(site.url + ARTICLE)
    page.locator(".listen summary").click()
    box = page.locator(".listen-panel").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing to scroll sideways
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
        page.locator(".masthead").get_by_role("link", name="Listen Live").click()
    player = opened.value
    player.wait_for_load_state()
    assert player.url.endswith("/listen/live/") and page.url == site.url + "/"
    assert "On air" in player.locator("main").inner_text()
    assert player.locator("audio").count() == 1
    context.close()


# Firefox, and Chromium before version 141, have no HLS of their own: they answer "" here.
WITHOUT_NATIVE_HLS = """
const canPlayType = HTMLMediaElement.prototype.canPlayType;
HTMLMediaElement.prototype.canPlayType = function (type) {
  return /mpegurl/i.test(type) ? "" : canPlayType.call(this, type);
};
"""


@pytest.fixture(scope="module")
def station_on_air(site, hls_station):
    """The site with the HLS station set in its back-office settings, served with its CSP enforced."""

    def set_stream(url, title):
        site.shell(
            "from wagtail.models import Site\n"
            "from broadsheet.listen.models import ListenSettings\n"
            "chosen = ListenSettings.for_site(Site.objects.get(is_default_site=True))\n"
            f"chosen.live_stream_url, chosen.live_stream_title = {url!r}, {title!r}\n"
            "chosen.save()\n"
        )

    set_stream(hls_station.url, "Broadsheet Radio")
    enforced = site.twin(CSP_ENFORCE="1").start()
    yield enforced
    enforced.stop()
    set_stream("", "")


def listen_live_playing(page, url, station):
    """Open Listen Live, press play, and return the seconds played once the stream has moved on 2 s."""
    station.go_on_air()
    refusals = []
    page.on("console", lambda message: "Content Security Policy" in message.text and refusals.append(message.text))
    page.goto(url + "/listen/live/")
    assert "Broadsheet Radio" in page.locator(".listen-on-air").inner_text()
    page.locator("h1").click()  # a reader's gesture, which allows play()
    page.evaluate("document.querySelector('audio').play()")
    # Functions, not expressions: Playwright evaluates an expression with eval(), which the policy refuses.
    played_past = "(seconds) => document.querySelector('audio').currentTime > seconds"
    page.wait_for_function(played_past, arg=0, timeout=20000)
    started = page.evaluate("document.querySelector('audio').currentTime")
    page.wait_for_function(played_past, arg=started + 2, timeout=20000)
    assert refusals == []
    return page.evaluate("document.querySelector('audio').currentTime")


def test_an_hls_station_plays_through_hls_js_where_the_browser_has_no_hls(
    station_on_air, hls_station, browser, screenshots
):
    context = browser.new_context(viewport={"width": 420, "height": 560})
    context.add_init_script(WITHOUT_NATIVE_HLS)
    page = context.new_page()
    loaded = []
    page.on("request", lambda request: "hls.light" in request.url and loaded.append(request.url))
    listen_live_playing(page, station_on_air.url, hls_station)
    assert page.evaluate("typeof window.Hls") == "function" and len(loaded) == 1
    assert page.evaluate("document.querySelector('audio').src").startswith("blob:")  # Media Source Extensions
    page.screenshot(path=screenshots / "listen-live-hls-desktop.png")
    phone = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True)
    phone.add_init_script(WITHOUT_NATIVE_HLS)
    on_phone = phone.new_page()
    listen_live_playing(on_phone, station_on_air.url, hls_station)
    on_phone.screenshot(path=screenshots / "listen-live-hls-phone.png")
    phone.close()
    context.close()


def test_an_hls_station_plays_natively_where_the_browser_can_and_hls_js_is_not_loaded(
    station_on_air, hls_station, browser
):
    context = browser.new_context()
    page = context.new_page()
    loaded = []
    page.on("request", lambda request: "hls.light" in request.url and loaded.append(request.url))
    page.goto(station_on_air.url + "/")
    if not page.evaluate("document.createElement('audio').canPlayType('application/vnd.apple.mpegurl')"):
        pytest.skip("this Chromium has no HLS of its own")
    listen_live_playing(page, station_on_air.url, hls_station)
    assert loaded == [] and page.evaluate("typeof window.Hls") == "undefined"
    context.close()
