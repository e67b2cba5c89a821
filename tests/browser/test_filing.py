"""Filing at deadline, end to end in Chromium: a Reporter files from the desk with three typed tags (one
new), a refused save loses nothing, then an Editor reviews, schedules in the newsroom's zone and the
story goes out. The clicks the Reporter needs for an article with three tags are counted (docs/testing.md)."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.browser.test_newsroom_writing import PASSWORD, VIEWPORTS, footer_action, make_staff

pytestmark = pytest.mark.browser

HEADLINE = "Harbour strike ends after a week of talks"
SLUG = "harbour-strike-ends-after-a-week-of-talks"
NEW_TAG = "Harbour Workers Union"
# The Reporter's clicks for an article with three tags: sign in, New article, section, headline,
# standfirst, author (2), a paragraph (3), the tag box, a new tag's kind, submit (2).
CLICK_BUDGET = 15


class Clicks:
    """Clicks a person makes, counted (typing and keys are not clicks)."""

    def __init__(self):
        self.count = 0

    def __call__(self, locator):
        locator.click()
        self.count += 1


def sign_in(browser, site, username, click):
    page = browser.new_page(viewport=VIEWPORTS["desktop"])
    page.set_default_timeout(45000)  # a host at half speed, loaded
    page.goto(site.url + "/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    click(page.get_by_role("button", name="Sign in"))
    page.wait_for_url(site.url + "/admin/")
    return page


def add_block(page, name, marker):
    """Add a block at the end of the body and return it, found by what only it shows (help text, a field)."""
    blocks = page.locator("[data-contentpath=body] [data-streamfield-child]")
    blocks = blocks.filter(has_text=marker) if isinstance(marker, str) else blocks.filter(has=marker)
    before = blocks.count()
    page.locator(".c-sf-add-button").last.click()
    page.get_by_role("option", name=name, exact=True).click()
    block = blocks.nth(before)
    block.wait_for()
    return block


def choose_in_modal(page, button, link):
    button.click()
    modal = page.locator(".modal-dialog")
    modal.get_by_role("link", name=link).first.click()
    modal.wait_for(state="hidden")


def test_a_reporter_files_with_three_typed_tags_and_an_editor_schedules_and_publishes(site, browser, screenshots):
    make_staff(site)
    click = Clicks()

    # The Reporter: from the desk to a submitted article, counting clicks.
    page = sign_in(browser, site, "rita", click)
    click(page.locator("#editors-desk-section").get_by_role("link", name="New article"))
    click(page.get_by_role("link", name="World", exact=True))
    page.wait_for_url(re.compile(r"/admin/pages/add/newsroom/articlepage/\d+/"))
    click(page.locator("#id_title"))
    page.keyboard.type(HEADLINE)
    click(page.locator("#id_standfirst"))
    page.keyboard.type("Dockworkers return on Monday with a pay rise.")
    click(page.get_by_role("button", name="Choose author"))
    modal = page.locator(".modal-dialog")
    click(modal.get_by_role("link", name="Li Wei"))
    modal.wait_for(state="hidden")
    click(page.locator(".c-sf-add-button").last)
    click(page.get_by_role("option", name="Paragraph", exact=True))
    click(page.locator(".public-DraftEditor-content").first)
    page.keyboard.type("The strike closed the port for seven days.")
    tags = page.get_by_role("combobox", name="Tags")
    click(tags)
    tags.press_sequentially("Chin")
    page.get_by_role("option", name="China Place").wait_for()
    tags.press("ArrowDown")
    tags.press("Enter")
    tags.press_sequentially(NEW_TAG)
    click(page.get_by_role("option", name=f"New tag “{NEW_TAG}” as Organisation"))
    tags.press_sequentially("trad")
    page.get_by_role("option", name="trade Topic").wait_for()
    tags.press("ArrowDown")
    tags.press("Enter")
    assert tags.input_value() == f"China, {NEW_TAG}, trade, "
    clicks_to_write = click.count

    # The rest of the body, one block of each kind (not counted: a longer story, not a faster one).
    # The embed's address is not one the newsroom embeds, so saving is refused with a message.
    quote = add_block(page, "Quote", "The words as spoken or written")
    quote.locator("textarea").fill("We go back with our heads up.")
    pull_quote = add_block(page, "Pull quote", "A short line from the story")
    pull_quote.locator("textarea").fill("Seven days that closed the port.")
    fact_box = add_block(page, "Fact box", "What the facts are about")
    fact_box.locator("input[type=text]").fill("The strike in numbers")
    fact_box.locator(".public-DraftEditor-content").click()
    page.keyboard.type("1,200 dockworkers")
    image = add_block(page, "Image", "Who took or owns the picture.")
    choose_in_modal(page, image.get_by_role("button", name="Choose an image"), "Illustration: Moscow metro")
    gallery = add_block(page, "Gallery", "Two to 24 pictures")
    choose_in_modal(page, gallery.get_by_role("button", name="Choose an image").first, "Illustration: NATO allies")
    choose_in_modal(page, gallery.get_by_role("button", name="Choose an image").first, "Illustration: Grain exports")
    read_more = add_block(page, "Read more", "The article to point readers to.")
    read_more.get_by_role("button", name="Choose a page").click()
    modal = page.locator(".modal-dialog")
    modal.locator("a[title=\"Explore subpages of 'China'\"]").click()  # walk to the China section
    modal.get_by_role("link", name="China and Russia will not form a military alliance").first.click()
    modal.wait_for(state="hidden")
    poll = add_block(page, "Poll", "Choose poll")
    choose_in_modal(page, poll.get_by_role("button", name="Choose poll"), "Could a partnership")
    embed = add_block(page, "Embed", page.locator("input[type=url]"))
    embed.locator("input[type=url]").fill("https://example.com/strike-video")

    click(page.locator("footer").get_by_role("button", name="More actions"))
    click(page.locator("footer").get_by_role("button", name="Submit to Editorial review"))
    page.locator(".messages").get_by_text(re.compile("could not be (created|saved)")).wait_for()
    page.screenshot(path=screenshots / "filing-refused-save-desktop.png", full_page=True)
    body = page.locator("[data-contentpath=body]").inner_text()
    for kept in (
        "The strike closed the port for seven days.",
        "We go back with our heads up.",
        "Seven days that closed the port.",
        "The strike in numbers",
        "1,200 dockworkers",
        "Illustration: Moscow metro",
        "Illustration: NATO allies",
        "Illustration: Grain exports",
        "China and Russia will not form a military alliance",
        "Could a partnership",
        "https://example.com/strike-video",
    ):
        assert kept in body or kept in page.content(), f"lost after a refused save: {kept}"
    assert page.get_by_role("combobox", name="Tags").input_value().startswith(f"China, {NEW_TAG}, trade")
    assert page.locator("#id_title").input_value() == HEADLINE

    # The message says what to do; the Reporter removes the embed and submits.
    assert "cannot be embedded" in body
    embed = page.locator("[data-streamfield-child]").filter(has=page.locator("input[type=url]"))
    embed.get_by_role("button", name="Delete").first.click()
    page.locator("[data-contentpath=body] input[type=url]").first.wait_for(
        state="hidden"
    )  # a deleted block is hidden until saved
    footer_action(page, "Submit to Editorial review")
    page.wait_for_url(re.compile(r"/admin/pages/\d+/$"))  # back to the section, the story in review
    assert "submitted" in page.locator(".messages").inner_text()
    page.close()
    assert clicks_to_write + 2 <= CLICK_BUDGET, f"{clicks_to_write + 2} clicks"
    print(f"\nA Reporter filed an article with three tags in {clicks_to_write + 2} clicks.")

    # The Editor: the story waits on the desk; approve with a schedule shown in the newsroom's zone.
    page = sign_in(browser, site, "eddie", Clicks())
    panel = page.locator("#editors-desk-section")
    assert "1 awaiting review" in panel.inner_text() or "awaiting review" in panel.inner_text()
    panel.get_by_role("link", name=HEADLINE).first.click()
    page.locator("[data-side-panel-toggle='status']").first.click()
    page.get_by_role("button", name="Set schedule").click()
    dialog = page.locator("#schedule-publishing-dialog")
    dialog.wait_for(state="visible")
    assert "Times are in Europe/Moscow" in dialog.inner_text()
    tomorrow = datetime.now(ZoneInfo("Europe/Moscow")) + timedelta(days=1)  # the newsroom's zone (settings)
    go_live = tomorrow.strftime("%Y-%m-%d 21:07")
    field = dialog.get_by_label("Go-live date/time").or_(dialog.get_by_label("Go live date/time")).first
    field.fill(go_live)
    page.screenshot(path=screenshots / "filing-schedule-dialog-desktop.png")
    dialog.get_by_role("button", name="Save schedule").click()
    footer_action(page, "Approve and publish")
    page.locator(".messages").get_by_text("will be published at 21:07 GMT+3").wait_for()
    page.goto(site.url + "/admin/")
    panel = page.locator("#editors-desk-section")
    assert re.search(r"21:07 MSK", panel.inner_text())
    page.screenshot(path=screenshots / "filing-editor-desk-desktop.png", full_page=True)
    page.close()

    # The scheduler's pass once the time has come publishes it. The test cannot wait a day, so the
    # approved schedule is moved a minute into the past first (a story dated tomorrow stays hidden).
    published = site.shell(
        "from datetime import timedelta\nfrom django.core.management import call_command\n"
        "from django.utils import timezone\nfrom wagtail.models import Revision\n"
        "from broadsheet.newsroom.models import ArticlePage\n"
        f"article = ArticlePage.objects.get(slug={SLUG!r})\n"
        "revision = Revision.objects.get(object_id=str(article.pk), approved_go_live_at__isnull=False)\n"
        "revision.approved_go_live_at = timezone.now() - timedelta(minutes=1)\n"
        "revision.content['go_live_at'] = revision.approved_go_live_at.isoformat()\n"
        "revision.save()\n"
        "call_command('publish_scheduled')\n"
        "print(ArticlePage.objects.get(pk=article.pk).live)\n"
    )
    assert published.strip().splitlines()[-1] == "True"
    reader = browser.new_page(viewport=VIEWPORTS["desktop"])
    response = reader.goto(f"{site.url}/world/{SLUG}/")
    assert response.status == 200
    assert reader.locator("h1").inner_text() == HEADLINE
    assert [t.strip() for t in reader.locator(".tag-row a").all_inner_texts()][:3] == ["China", NEW_TAG, "trade"]
    reader.close()
