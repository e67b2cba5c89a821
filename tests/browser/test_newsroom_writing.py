"""A Reporter writes with a new poll and a typed tag; an Editor types a new tag, approves and publishes: in Chromium."""

import re

import pytest
import requests

pytestmark = pytest.mark.browser

PASSWORD = "a-long-newsroom-passphrase"
QUESTION = "Which bridge should the council rebuild first?"
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def make_staff(site):
    """Create a Reporter and an Editor in the running site (no second factor: neither is an administrator).

    Returns the World section's page id.
    """
    printed = site.shell(
        "from django.contrib.auth import get_user_model\n"
        "from django.contrib.auth.models import Group\n"
        "for name, role in (('rita', 'Reporter'), ('eddie', 'Editor')):\n"
        "    user, _ = get_user_model().objects.get_or_create(username=name, defaults={'first_name': name.title()})\n"
        f"    user.set_password({PASSWORD!r}); user.save(); user.groups.set([Group.objects.get(name=role)])\n"
        # One Django start per call (each costs a second or two of the serial phase).
        "from broadsheet.newsroom.models import SectionPage; print(SectionPage.objects.get(slug='world').pk)\n"
    )
    return int(printed.strip().splitlines()[-1])


def sign_in(browser, site, username, viewport="desktop"):
    page = browser.new_page(viewport=VIEWPORTS[viewport])
    page.set_default_timeout(20000)
    page.goto(site.url + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(site.url + "/admin/")
    return page


def footer_action(page, name):
    """Open the editor's footer menu and click one of its actions."""
    page.locator("footer").get_by_role("button", name="More actions").click()
    page.locator("footer").get_by_role("button", name=name).click()


def test_reporter_writes_with_a_new_poll_and_an_editor_adds_a_tag_and_publishes(site, browser, screenshots):
    world = make_staff(site)

    # The Reporter writes, creating the poll inside the article, and picks an existing tag.
    page = sign_in(browser, site, "rita")
    page.goto(f"{site.url}/admin/pages/add/newsroom/articlepage/{world}/")
    page.fill("#id_title", "Bridge vote splits the city council")
    page.fill("#id_standfirst", "Councillors disagree on which bridge to rebuild first.")
    modal = page.locator(".modal-dialog")
    page.get_by_role("button", name="Choose author").click()
    modal.get_by_role("link", name="Li Wei").click()
    modal.wait_for(state="hidden")
    page.locator(".c-sf-add-button").first.click()
    page.get_by_role("option", name="Paragraph").click()
    page.locator(".public-DraftEditor-content").first.click()
    page.keyboard.type("The council met on Tuesday and could not agree.")
    page.locator(".c-sf-add-button").last.click()
    page.get_by_role("option", name="Poll").click()
    page.get_by_role("button", name="Choose poll").click()
    modal.get_by_role("tab", name="Create a new poll").click()
    modal.get_by_label("Question").fill(QUESTION)
    modal.get_by_label("Options").fill("The north bridge\nThe south bridge")
    page.screenshot(path=screenshots / "admin-poll-created-inline-desktop.png")
    modal.get_by_role("button", name="Create a new poll").click()
    modal.wait_for(state="hidden")
    assert QUESTION in page.locator("[data-contentpath=body]").inner_text()
    # Tags are typed: the suggestions name each tag's kind, and the keyboard chooses one.
    tags = page.get_by_role("combobox", name="Tags")
    tags.click()
    tags.press_sequentially("Chin")
    suggestion = page.get_by_role("option", name="China Place")
    suggestion.wait_for()
    tags.press("ArrowDown")
    tags.press("Enter")
    assert tags.input_value() == "China, "
    footer_action(page, "Submit to Editorial review")
    page.wait_for_url(f"{site.url}/admin/pages/{world}/")  # back to the section, the draft in review
    assert "submitted" in page.locator(".messages").inner_text()
    page.close()
    article_id = int(
        site.shell(
            "from broadsheet.newsroom.models import ArticlePage\n"
            "print(ArticlePage.objects.get(slug='bridge-vote-splits-the-city-council').pk)"
        )
    )

    # Until it is published, the poll is answered like a poll that does not exist.
    poll_id = int(
        site.shell(f"from broadsheet.polls.models import Poll; print(Poll.objects.get(question={QUESTION!r}).pk)")
    )
    assert requests.get(f"{site.url}/polls/{poll_id}/", timeout=10).status_code == 404

    # The Editor adds a new tag without leaving the article, then approves and publishes.
    page = sign_in(browser, site, "eddie")
    page.goto(f"{site.url}/admin/pages/{article_id}/edit/")
    tags = page.get_by_role("combobox", name="Tags")
    tags.click()
    tags.press("End")
    tags.press_sequentially(", City council")
    page.get_by_role("option", name="New tag “City council” as Organisation").wait_for()
    page.screenshot(path=screenshots / "admin-tag-created-inline-desktop.png")
    page.get_by_role("option", name="New tag “City council” as Organisation").click()
    assert tags.input_value() == "China, City council, "
    footer_action(page, "Approve and publish")
    page.wait_for_url(re.compile(r"/admin/pages/\d+/"))
    page.close()

    reader = browser.new_page(viewport=VIEWPORTS["desktop"])
    reader.goto(f"{site.url}/world/bridge-vote-splits-the-city-council/")
    assert reader.locator("h1").inner_text() == "Bridge vote splits the city council"
    assert reader.locator("section.poll .poll-question").inner_text() == QUESTION
    assert "City council" in reader.locator(".tag-row").inner_text()
    reader.locator("section.poll .poll-form").wait_for()
    assert requests.get(f"{site.url}/polls/{poll_id}/", timeout=10).status_code == 200
    reader.close()


SCREENS = {
    "tags": "/admin/snippets/newsroom/tag/",
    "authors": "/admin/snippets/newsroom/author/",
    "polls": "/admin/snippets/polls/poll/",
}


@pytest.mark.parametrize("device", VIEWPORTS)
def test_editor_back_office_screens_for_taxonomy_and_polls(site, browser, screenshots, device):
    make_staff(site)
    ids = site.shell(
        "from broadsheet.newsroom.models import Tag; from broadsheet.polls.models import Poll\n"
        "print(Tag.objects.get(slug='china').pk, Poll.objects.order_by('pk').first().pk)"
    ).split()
    tag_id, poll_id = int(ids[-2]), int(ids[-1])
    page = sign_in(browser, site, "eddie", device)
    screens = SCREENS | {
        "tag-merge": f"/admin/snippets/newsroom/tag/merge/{tag_id}/",
        "poll-correct": f"/admin/snippets/polls/poll/correct/{poll_id}/",
        "poll-report": f"/admin/snippets/polls/poll/report/{poll_id}/",
        "poll-history": f"/admin/snippets/polls/poll/history/{poll_id}/",
    }
    for name, path in screens.items():
        response = page.goto(site.url + path)
        assert response.status == 200, path
        page.screenshot(path=screenshots / f"admin-{name}-{device}.png", full_page=True)
    page.goto(site.url + SCREENS["tags"] + "?kind=place")
    listing = page.locator("table.listing").inner_text()
    assert "China" in listing and "Place" in listing
    page.close()
