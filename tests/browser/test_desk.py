"""The back office's new screens in a real Chromium: the editor's desk, its dashboard panel, the
article editor's blocks and the schedule dialog, at desktop and phone widths."""

import pytest

from tests.staff.helpers import PASSWORD

pytestmark = pytest.mark.browser

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}

NEWSROOM_DAY = f"""
from datetime import timedelta
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from broadsheet.newsroom.factories import create_article
from broadsheet.newsroom.models import Author, SectionPage

User = get_user_model()
editor, made = User.objects.get_or_create(username="desk-editor", defaults=dict(first_name="Dana", last_name="Editor"))
if made:
    editor.set_password({PASSWORD!r}); editor.save(); editor.groups.add(Group.objects.get(name="Editor"))
    reporter = User.objects.create_user("desk-reporter", password={PASSWORD!r}, first_name="Ravi", last_name="Reporter")
    reporter.groups.add(Group.objects.get(name="Reporter"))
    world, author = SectionPage.objects.get(slug="world"), Author.objects.first()
    for hours, title in ((20, "Budget vote: what each party wants"), (30, "Election night results, seat by seat")):
        article = create_article(world, title, publish=False, authors=[author])
        article.go_live_at = timezone.now() + timedelta(hours=hours)
        article.save_revision(user=editor).publish(user=editor)
    waiting = create_article(world, "Flood defences fail in three towns", publish=False, authors=[author])
    waiting.get_workflow().start(waiting, reporter)
    today = create_article(world, "Central bank cuts rates by a quarter point", publish=False, authors=[author])
    today.save_revision(user=editor).publish(user=editor)
print(SectionPage.objects.get(slug="world").pk)
"""


@pytest.fixture(scope="module")
def newsroom_day(site):
    """The day's articles, made once for the module (one Django start instead of one per test)."""
    return site.shell(NEWSROOM_DAY).strip().splitlines()[-1]


@pytest.fixture
def signed_in_editor(site, browser, newsroom_day):
    world_id = newsroom_day

    def open_page(viewport):
        page = browser.new_page(viewport=viewport)
        page.goto(site.url + "/admin/login/")
        page.get_by_label("Username").fill("desk-editor")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(site.url + "/admin/")
        return page

    open_page.world_id = world_id
    return open_page


@pytest.mark.parametrize("device", VIEWPORTS)
def test_the_desk_and_its_dashboard_panel_show_the_newsrooms_day(site, signed_in_editor, screenshots, device):
    page = signed_in_editor(VIEWPORTS[device])
    panel = page.locator("#editors-desk-section")
    assert "2 scheduled" in panel.inner_text() and "1 awaiting review" in panel.inner_text()
    page.screenshot(path=screenshots / f"dashboard-desk-panel-{device}.png", full_page=True)
    page.get_by_role("link", name="2 scheduled").click()
    page.wait_for_url("**/admin/desk/#desk-scheduled")
    assert page.get_by_role("heading", name="Scheduled").is_visible()
    text = page.locator("main").inner_text()
    assert "Budget vote: what each party wants" in text and "Flood defences fail in three towns" in text
    assert "submitted by Ravi Reporter" in text and "by Dana Editor" in text
    page.screenshot(path=screenshots / f"desk-{device}.png", full_page=True)
    page.close()


@pytest.mark.parametrize("device", VIEWPORTS)
def test_the_editor_offers_the_newsroom_blocks_and_a_headline_box(site, signed_in_editor, screenshots, device):
    page = signed_in_editor(VIEWPORTS[device])
    page.goto(f"{site.url}/admin/pages/add/newsroom/articlepage/{signed_in_editor.world_id}/")
    headline = page.get_by_role("textbox", name="Headline*")
    assert headline.evaluate("el => el.tagName") == "TEXTAREA"
    headline.fill("A long headline that wraps onto a second line in the editor, as it would on the front page")
    page.locator("[data-contentpath=body] button[title='Insert a block']").first.click()
    menu = page.locator(".w-combobox")
    menu.wait_for()
    for label in ("Embed", "Gallery", "Fact box", "Table", "Read more"):
        assert menu.get_by_text(label, exact=True).count() >= 1, label
    page.screenshot(path=screenshots / f"editor-blocks-menu-{device}.png", full_page=False)
    menu.get_by_text("Fact box", exact=True).click()
    # The fact box's own title (the page's SEO title field is also labelled "Title", on another tab).
    page.locator("[data-contentpath=body]").get_by_label("Title").first.fill("The treaty in numbers")
    page.locator("[data-contentpath=body] button[title='Insert a block']").last.click()
    page.locator(".w-combobox").get_by_text("Table", exact=True).click()
    page.locator(".handsontable").first.wait_for()
    page.locator("[data-contentpath=body]").first.scroll_into_view_if_needed()
    page.screenshot(path=screenshots / f"editor-blocks-{device}.png", full_page=True)
    page.close()


def test_the_schedule_dialogs_picker_leaves_save_schedule_uncovered(site, signed_in_editor, screenshots):
    page = signed_in_editor(VIEWPORTS["desktop"])
    page.goto(site.url + "/admin/pages/")
    page.goto(f"{site.url}/admin/pages/add/newsroom/articlepage/{signed_in_editor.world_id}/")
    page.get_by_role("button", name="Toggle side panel").or_(
        page.locator("[data-side-panel-toggle='status']")
    ).first.click()
    page.get_by_role("button", name="Set schedule").or_(page.get_by_text("Set schedule")).first.click()
    dialog = page.locator("#schedule-publishing-dialog")
    dialog.wait_for()
    assert "Times are in Europe/Moscow" in dialog.inner_text()
    dialog.get_by_label("Go-live date/time").or_(dialog.get_by_label("Go live date/time")).first.click()
    picker = page.locator(".xdsoft_datetimepicker:visible").first
    picker.wait_for()
    save = dialog.get_by_role("button", name="Save schedule")
    box = save.bounding_box()
    at_centre = page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y).closest('button')?.textContent.trim()",
        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
    )
    page.screenshot(path=screenshots / "schedule-dialog-desktop.png")
    assert at_centre == "Save schedule"
    page.close()
