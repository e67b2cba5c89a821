"""Voting as a reader does it, in a real Chromium: with and without JavaScript, and live counts."""

import re

import pytest
import requests

from broadsheet.newsroom.demo.articles import REFERENCE_SLUG
from broadsheet.polls.demo import POLL

pytestmark = pytest.mark.browser

ARTICLE = f"/china/{REFERENCE_SLUG}/"
TOTAL = re.compile(r"Voted: ([\d,]+)")


def demo_poll_id(site):
    """Return the id of the demo poll in the running site (ids depend on what was built before it)."""
    question = POLL["question"]
    code = f"from broadsheet.polls.models import Poll; print(Poll.objects.get(question={question!r}).pk)"
    return int(site.shell(code))


def total_of(text):
    return int(TOTAL.search(text).group(1).replace(",", ""))


def test_reader_votes_in_place_and_sees_their_choice_marked(site, browser, screenshots):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site.url + ARTICLE)
    poll = page.locator("section.poll")
    poll.locator(".poll-form").wait_for()
    before = total_of(poll.inner_text())
    poll.get_by_label("It is too early to tell").check()
    poll.get_by_role("button", name="Vote").click()
    poll.locator(".poll-own").wait_for()
    assert page.url.endswith(ARTICLE)  # no reload, no navigation
    assert "It is too early to tell" in poll.locator(".is-chosen").inner_text()
    assert total_of(poll.inner_text()) == before + 1
    assert poll.locator(".poll-form").count() == 0
    poll.screenshot(path=screenshots / "poll-voted-desktop.png")
    page.close()


def test_a_second_vote_from_a_stale_tab_shows_the_vote_already_cast(site, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    first, second = context.new_page(), context.new_page()
    for page in (first, second):
        page.goto(site.url + ARTICLE)
        page.locator("section.poll .poll-form").wait_for()
    first.locator("section.poll").get_by_label("It is too early to tell").check()
    first.locator("section.poll").get_by_role("button", name="Vote").click()
    first.locator("section.poll .poll-own").wait_for()
    stale = second.locator("section.poll")
    stale.locator(".poll-option input").first.check()
    stale.get_by_role("button", name="Vote").click()
    stale.locator(".poll-own").wait_for()
    assert "It is too early to tell" in stale.locator(".is-chosen").inner_text()
    assert "already voted" in stale.locator(".poll-message").inner_text()
    assert stale.locator(".poll-form").count() == 0
    context.close()


def test_reader_without_javascript_votes_and_comes_back_to_the_results(site, browser, screenshots):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(site.url + ARTICLE)
    frame = page.frame_locator("section.poll iframe")
    frame.get_by_label("Both countries can achieve great things on their own").check()
    frame.get_by_role("button", name="Vote").click()
    chosen = frame.locator(".is-chosen")
    chosen.wait_for()
    assert "Both countries" in chosen.inner_text()
    assert page.url.endswith(ARTICLE)
    page.locator("section.poll").screenshot(path=screenshots / "poll-voted-no-javascript-phone.png")
    context.close()


def test_counts_refresh_without_reload_within_five_seconds(site, browser):
    page = browser.new_page()
    page.goto(site.url + ARTICLE)
    poll = page.locator("section.poll")
    poll.locator(".poll-total-count").wait_for()
    before = total_of(poll.inner_text())
    # Someone else votes from another browser.
    session = requests.Session()
    poll_id = poll.get_attribute("id").removeprefix("poll-")
    token = session.get(f"{site.url}/f/poll/{poll_id}/").cookies["csrftoken"]
    option = poll.locator(".poll-result").first.get_attribute("data-option")
    response = session.post(
        f"{site.url}/polls/{poll_id}/vote/",
        data={"option": option},
        headers={"X-CSRFToken": token, "X-Requested-With": "fetch"},
    )
    assert response.status_code == 200
    page.wait_for_function(
        "n => parseInt(document.querySelector('.poll-total-count').textContent.replace(/,/g, '')) > n",
        arg=before,
        timeout=5000,
    )
    page.close()


def test_poll_report_shows_charts_to_an_editor(site, browser, screenshots):
    site.shell(
        "from django.contrib.auth import get_user_model; from django.contrib.auth.models import Group;"
        "u = get_user_model().objects.create_user('report-editor', password='a-long-passphrase');"
        "u.groups.add(Group.objects.get(name='Editor'))"
    )
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site.url + "/admin/login/")
    page.fill("#id_username", "report-editor")
    page.fill("#id_password", "a-long-passphrase")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/admin/")
    page.goto(f"{site.url}/admin/snippets/polls/poll/report/{demo_poll_id(site)}/")
    assert page.locator(".timeline-bar").count() > 10
    shares = page.locator(".poll-report table.listing").first.locator("tbody tr td:nth-child(2)").all_inner_texts()
    assert len(shares) == 3
    assert round(sum(float(share.rstrip("%")) for share in shares), 1) == 100.0
    page.screenshot(path=screenshots / "poll-report.png", full_page=True)
    page.close()


def test_after_a_keyboard_vote_focus_stays_on_the_results(site, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site.url + ARTICLE)
    poll = page.locator("section.poll")
    poll.locator(".poll-form").wait_for()
    poll.locator("input[type=radio]").last.focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # to the Vote button
    page.keyboard.press("Enter")
    poll.locator(".poll-own").wait_for()
    focused = page.evaluate("document.activeElement.className")
    assert "poll-results" in focused
    page.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_without_javascript_the_frame_keeps_little_blank_after_voting(site, browser, screenshots, width):
    context = browser.new_context(java_script_enabled=False, viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(site.url + ARTICLE)
    frame_element = page.locator("section.poll iframe")
    frame = page.frame_locator("section.poll iframe")
    frame.locator("input[type=radio]").first.check()
    frame.get_by_role("button", name="Vote").click()
    frame.locator(".is-chosen").wait_for()
    height = frame_element.evaluate("f => f.getBoundingClientRect().height")
    content = frame_element.evaluate("f => f.contentDocument.querySelector('main').getBoundingClientRect().bottom")
    assert height - content < 120, (height, content)  # was about 270 px
    link = frame.locator(".poll-elsewhere a")
    assert "Vote or see the results" not in link.inner_text()
    page.locator("section.poll").screenshot(path=screenshots / f"poll-voted-no-javascript-{width}.png")
    context.close()


def test_the_article_with_its_poll_has_no_serious_accessibility_violations(site, browser, screenshots):
    from axe_playwright_python.sync_playwright import Axe

    for width in (390, 1280):
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.goto(site.url + ARTICLE)
        page.locator("section.poll .poll-form, section.poll .poll-results").first.wait_for()
        page.locator("section.poll").screenshot(path=screenshots / f"poll-in-article-{width}.png")
        results = Axe().run(page)
        serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
        assert serious == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in serious]
        page.close()
