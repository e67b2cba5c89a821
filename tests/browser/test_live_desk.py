"""The live desk in a real Chromium: an editor types an entry, presses Enter, and an open reader page shows it."""

import pytest
from playwright.sync_api import expect

from tests.staff.helpers import PASSWORD

pytestmark = pytest.mark.browser

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}

LIVE_BLOG = f"""
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from broadsheet.live.factories import create_live_page
from broadsheet.live.models import LivePage
from broadsheet.newsroom.models import Author, SectionPage

editor, made = get_user_model().objects.get_or_create(
    username="live-desk-editor", defaults=dict(first_name="Lena", last_name="Editor")
)
if made:
    editor.set_password({PASSWORD!r}); editor.save(); editor.groups.add(Group.objects.get(name="Editor"))
page = LivePage.objects.filter(slug="live-the-desk-in-a-browser").first() or create_live_page(
    SectionPage.objects.get(slug="world"), "Live: the desk in a browser", authors=[Author.objects.first()]
)
print(page.pk, page.url)
"""


def test_an_entry_typed_at_the_desk_and_sent_with_enter_reaches_an_open_reader_page(site, browser, screenshots):
    page_id, path = site.shell(LIVE_BLOG).split()[-2:]
    reader = browser.new_page(viewport=VIEWPORTS["desktop"])
    reader.goto(site.url + path)

    desk = browser.new_page(viewport=VIEWPORTS["desktop"])
    desk.goto(site.url + "/admin/login/")
    desk.get_by_label("Username").fill("live-desk-editor")
    desk.get_by_label("Password").fill(PASSWORD)
    desk.get_by_role("button", name="Sign in").click()
    desk.wait_for_url(site.url + "/admin/")
    desk.goto(f"{site.url}/admin/live/{page_id}/")
    box = desk.get_by_label("Entry")
    expect(box).to_be_focused()  # the desk opens ready to type
    expect(desk.get_by_text("Enter publishes; Shift+Enter starts a new line.")).to_be_visible()

    # Shift+Enter is a new line in the box; Enter publishes.
    box.type("Leaders arrive at the palace.")
    box.press("Shift+Enter")
    box.type("The talks start at noon.")
    assert box.input_value() == "Leaders arrive at the palace.\nThe talks start at noon."
    assert desk.url.endswith(f"/admin/live/{page_id}/")
    with desk.expect_navigation():
        box.press("Enter")
    expect(desk.get_by_text("Published.")).to_be_visible()
    expect(box).to_have_value("")
    expect(box).to_be_focused()  # ready for the next entry
    newest = desk.locator(".live-desk-entry").first
    expect(newest).to_contain_text("Leaders arrive at the palace. The talks start at noon.")
    expect(newest).to_contain_text("Published")

    # The reader page that was open before learns it by itself (it polls the updates fragment) and
    # offers it behind its "new updates" button, which puts it in place.
    new_updates = reader.get_by_role("button", name="1 new update")
    expect(new_updates).to_be_visible(timeout=10_000)
    new_updates.click()
    expect(reader.get_by_text("Leaders arrive at the palace.")).to_be_visible()

    # An empty box sends nothing: Enter on it leaves the desk as it is.
    box.press("Enter")
    assert desk.locator(".live-desk-entry").count() == 1

    for device, viewport in VIEWPORTS.items():
        desk.set_viewport_size(viewport)
        desk.screenshot(path=screenshots / f"live-desk-{device}.png", full_page=True)
    reader.close()
    desk.close()
