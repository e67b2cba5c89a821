"""A live blog open in a real Chromium while the newsroom publishes: the reader keeps their place."""

import json
import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from audit.pages import HTML_BUDGET, measure
from broadsheet.newsroom.demo.articles import REFERENCE_SLUG

pytestmark = pytest.mark.browser

ARTICLE = f"/china/{REFERENCE_SLUG}/"

# Builds a live blog of 25 entries in the running site, as an editor would publish them: the 3rd
# (on the second page) and 24th are key events, the 10th is pinned, the 22nd carries a poll.
BUILD = """
import json
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from broadsheet.live import services
from broadsheet.live.factories import create_live_page
from broadsheet.newsroom.factories import paragraphs_body
from broadsheet.newsroom.models import Author, SectionPage
from broadsheet.polls.factories import PollFactory
from broadsheet.polls.models import Poll
editor = get_user_model().objects.create_user("live-editor", password="a-long-passphrase")
editor.groups.add(Group.objects.get(name="Editor"))
page = create_live_page(SectionPage.objects.live().first(), "Live: leaders meet at the summit")
author = Author.objects.first()
poll = PollFactory(question="Will the summit end with an accord?", status=Poll.Status.DRAFT, options=["Yes", "No"])
ids = {}
for n in range(1, 26):
    body = paragraphs_body([f"Entry number {n}: delegations arrive and talks go on. " * 4])
    if n == 22:
        body.append(("poll", poll))
    entry = services.add_entry(page, editor, body=body, title=f"Update {n}" if n % 3 else "", author=author,
                               key_event=n in (3, 24), pinned=n == 10)
    ids[n] = entry.pk
print(json.dumps({"url": page.url, "ids": ids}))
"""

PUBLISH = """
from django.contrib.auth import get_user_model
from broadsheet.live import services
from broadsheet.live.models import LivePage
from broadsheet.newsroom.factories import paragraphs_body
page = LivePage.objects.get(url_path__endswith={slug!r})
entry = services.add_entry(page, get_user_model().objects.get(username="live-editor"),
                           body=paragraphs_body([{text!r}]), title="Breaking", key_event={key_event})
print(entry.pk)
"""

PUBLISH_POLL = """
from django.contrib.auth import get_user_model
from broadsheet.live import services
from broadsheet.live.models import LivePage
from broadsheet.newsroom.factories import paragraphs_body
from broadsheet.polls.factories import PollFactory
from broadsheet.polls.models import Poll
page = LivePage.objects.get(url_path__endswith={slug!r})
poll = PollFactory(question="When will the statement come?", status=Poll.Status.DRAFT, options=["Tonight", "Tomorrow"])
body = paragraphs_body(["Tell us what you think."]) + [("poll", poll)]
entry = services.add_entry(page, get_user_model().objects.get(username="live-editor"), body=body)
print(entry.pk)
"""

CORRECT = """
from django.contrib.auth import get_user_model
from broadsheet.live import services
from broadsheet.live.models import LiveEntry
from broadsheet.newsroom.factories import paragraphs_body
entry = LiveEntry.objects.get(pk={pk})
services.edit_entry(entry, get_user_model().objects.get(username="live-editor"), key_event=True,
                    body=paragraphs_body(["A longer account of the morning, now that we know more. " * 12] * 3),
                    correction_note="we had the wrong delegation")
"""

DELETE = """
from django.contrib.auth import get_user_model
from broadsheet.live import services
from broadsheet.live.models import LiveEntry
services.delete_entry(LiveEntry.objects.get(pk={pk}), get_user_model().objects.get(username="live-editor"))
"""

# An updates fragment that has moved on past every change this page holds.
MISSED = '<div class="live-updates" data-version="100000" data-oldest="99950"></div>'

# The first entry whose bottom is below the top of the screen: the one the reader is reading.
READING = """() => {
  for (const entry of document.querySelectorAll('.live-entries .live-entry')) {
    const box = entry.getBoundingClientRect();
    if (box.bottom > 0) return [entry.id, box.top];
  }
}"""


@pytest.fixture(scope="module")
def live(site):
    built = json.loads(site.shell(BUILD).strip().splitlines()[-1])
    built["ids"] = {int(n): pk for n, pk in built["ids"].items()}
    return built


def slug_of(live):
    return live["url"].rstrip("/").rsplit("/", 1)[-1] + "/"


def publish(site, live, text, key_event=False):
    return int(site.shell(PUBLISH.format(slug=slug_of(live), text=text, key_event=key_event)).strip())


def top_of(page, element_id):
    return page.evaluate("id => document.getElementById(id).getBoundingClientRect().top", element_id)


def test_new_entries_reach_a_scrolled_reader_who_keeps_their_place(site, browser, live, screenshots):
    # What a live page costs over an article: its own script and stylesheet, nothing more.
    weight = measure(site.url + live["url"])
    article = measure(site.url + ARTICLE)
    for kind in ("css", "js"):
        own, articles = set(getattr(weight, kind)), set(getattr(article, kind))
        added = [urlsplit(url).path for url in own - articles]
        assert articles <= own and len(added) == 1, added
        assert re.fullmatch(rf"/static/live/live(\.[0-9a-f]+)?\.{kind}", added[0])
    assert weight.html <= HTML_BUDGET
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site.url + live["url"])
    page.screenshot(path=screenshots / "live-page-desktop.png", full_page=True)
    # The reader is well into the entries, part of the 18th at the top of the screen.
    page.evaluate(
        "id => { document.getElementById(id).scrollIntoView(); window.scrollBy(0, 120); }", f"entry-{live['ids'][18]}"
    )
    reading, top = page.evaluate(READING)
    button = page.locator(".live-new")
    assert button.is_hidden()

    new_id = publish(site, live, "The leaders agree a joint statement.", key_event=True)
    # Within 5 s of publication (it happened before the shell returned): told, not moved.
    expect(button).to_have_text("1 new update", timeout=5000)
    expect(page.locator("[data-live-status]")).to_have_text("1 new update")
    assert page.locator(f"#entry-{new_id}").count() == 0
    assert abs(top_of(page, reading) - top) < 3
    page.screenshot(path=screenshots / "live-page-new-updates-desktop.png")

    button.click()
    expect(page.locator(f"#entry-{new_id}")).to_contain_text("The leaders agree a joint statement.")
    assert abs(top_of(page, reading) - top) < 3
    assert page.evaluate("document.activeElement.id") == f"entry-{new_id}"
    assert button.is_hidden()
    # The key events now list it first, linking to it here.
    expect(page.locator(".key-events li").first.locator("a")).to_have_attribute("href", f"#entry-{new_id}")

    # A correction above the reader (three times as long) and a deletion apply by themselves, and
    # still move nothing under them.
    site.shell(CORRECT.format(pk=live["ids"][24]))
    expect(page.locator(f"#entry-{live['ids'][24]} .live-entry-corrected")).to_contain_text(
        "we had the wrong delegation", timeout=5000
    )
    assert abs(top_of(page, reading) - top) < 3
    site.shell(DELETE.format(pk=live["ids"][25]))
    expect(page.locator(f"#entry-{live['ids'][25]}")).to_have_count(0, timeout=5000)
    assert abs(top_of(page, reading) - top) < 3

    # A page that missed more changes than the fragment carries offers a reload, and reloads.
    page.route("**/updates/", lambda route: route.fulfill(body=MISSED, content_type="text/html"))
    expect(button).to_have_text("New updates: reload the page", timeout=5000)
    page.unroute("**/updates/")
    page.evaluate("window.notReloaded = true")
    button.click()
    page.wait_for_function("!window.notReloaded")

    # Key events: one on this page jumps to its entry, one on the second page opens that page there.
    page.locator(".key-events a", has_text="A longer account").click()
    expect(page.locator(f"#entry-{live['ids'][24]}")).to_be_in_viewport()
    page.locator(".key-events a", has_text="Entry number 3:").click()
    page.wait_for_url(re.compile(rf"\?page=2#entry-{live['ids'][3]}$"))
    expect(page.locator(f"#entry-{live['ids'][3]}")).to_be_in_viewport()

    # Without JavaScript: no button, and a reload shows the new entry.
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    plain = context.new_page()
    plain.goto(site.url + live["url"])
    expect(plain.locator(f"#entry-{new_id}")).to_be_visible()
    assert plain.locator(".live-new").is_hidden()
    later_id = publish(site, live, "Talks resume after lunch.")
    # On the second page a new entry is not inserted: the notice links to the first page.
    notice = page.locator("a.live-new")
    expect(notice).to_have_text("1 new update", timeout=5000)
    assert notice.get_attribute("href") == live["url"] and page.locator(f"#entry-{later_id}").count() == 0
    page.close()
    plain.reload()
    expect(plain.locator(f"#entry-{later_id}")).to_be_visible()
    plain.screenshot(path=screenshots / "live-page-phone.png", full_page=True)
    context.close()


def test_a_reader_votes_in_a_poll_inside_an_entry_that_arrived_while_reading(site, browser, live):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(site.url + live["url"])
    page.locator(f"#entry-{live['ids'][22]} section.poll .poll-form").wait_for()  # one that was there
    page.mouse.wheel(0, 1500)
    new_id = int(site.shell(PUBLISH_POLL.format(slug=slug_of(live))).strip())
    page.get_by_role("button", name="1 new update").click(timeout=5000)
    # Its placeholder is filled as the page's own are when it loads.
    poll = page.locator(f"#entry-{new_id} section.poll")
    poll.locator(".poll-form").wait_for()
    poll.get_by_label("Tonight").check()
    poll.get_by_role("button", name="Vote").click()
    poll.locator(".poll-own").wait_for()
    assert "Tonight" in poll.locator(".is-chosen").inner_text()
    assert re.search(r"Voted: 1\b", poll.inner_text())
    page.close()
