"""The editor's desk: scheduled by the newsroom's day, awaiting review, published today and by whom."""

from datetime import datetime, timedelta

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from broadsheet.newsroom.datelines import newsroom_zone
from broadsheet.newsroom.factories import create_article
from tests.newsroom.test_roles import add_url, article_form, signed_in

DESK = "/admin/desk/"


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def schedule(article, at, user=None):
    article.go_live_at = at
    revision = article.save_revision(user=user)
    revision.publish(user=user)  # with a future go-live time Wagtail keeps it as scheduled
    return revision


@pytest.fixture
def tomorrow_late():
    """23:30 tomorrow in the newsroom's zone."""
    day = (timezone.now().astimezone(newsroom_zone()) + timedelta(days=1)).date()
    return datetime(day.year, day.month, day.day, 23, 30, tzinfo=newsroom_zone())


@pytest.fixture
def tomorrow_early(tomorrow_late):
    """01:30 tomorrow in the newsroom's zone (GMT+3): still today in UTC."""
    return tomorrow_late.replace(hour=1)


@pytest.mark.parametrize(
    "role, allowed", [("Reporter", True), ("Editor", True), ("Administrator", True), ("Moderator", False)]
)
def test_the_desk_is_open_to_those_who_write_and_edit(role, allowed, db):
    client = signed_in(role)
    response = client.get(DESK)
    # Wagtail answers a refusal in the back office by sending the user to the dashboard with a message.
    assert (response.status_code, response.get("Location")) == ((200, None) if allowed else (302, "/admin/"))
    menu = client.get("/admin/").content.decode()
    assert ('href="/admin/desk/"' in menu) == allowed


def test_scheduled_articles_are_grouped_by_the_newsrooms_day(world, author, tomorrow_early, tomorrow_late):
    first = create_article(world, "Overnight results", publish=False, authors=[author])
    second = create_article(world, "Embargoed budget story", publish=False, authors=[author])
    schedule(second, tomorrow_late.replace(hour=9))
    schedule(first, tomorrow_early)  # the day before in UTC, the same newsroom day
    page = soup(signed_in("Editor").get(DESK))
    section = page.select_one('section[aria-labelledby="desk-scheduled"]')
    days = section.select("h3")
    assert [d.get_text(strip=True) for d in days] == [f"{tomorrow_late:%A} {tomorrow_late.day} {tomorrow_late:%B %Y}"]
    rows = [r.get_text(" ", strip=True) for r in section.select("tbody tr")]
    assert rows[0].startswith("Overnight results 01:30")
    assert rows[1].startswith("Embargoed budget story 09:30")
    assert "Europe/Moscow" in page.get_text()


def test_articles_awaiting_review_name_who_submitted_them_with_edit_links(world, author):
    signed_in("Reporter").post(add_url(world), article_form(author, **{"action-submit": "action-submit"}))
    page = soup(signed_in("Editor").get(DESK))
    section = page.select_one('section[aria-labelledby="desk-review"]')
    row = section.select_one("tbody tr")
    assert "Filed from the newsroom" in row.get_text()
    assert "submitted by reporter-" in row.get_text()
    assert "Editor approval" in row.get_text()  # the workflow's step it waits at
    assert row.select_one("a")["href"].startswith("/admin/pages/")


def test_published_today_lists_who_published_it(world, author, committed):
    editor_client = signed_in("Editor")
    editor_client.post(add_url(world), article_form(author, **{"action-publish": "action-publish"}))
    page = soup(signed_in("Reporter").get(DESK))
    section = page.select_one('section[aria-labelledby="desk-published"]')
    row = section.select_one("tbody tr").get_text(" ", strip=True)
    assert row.startswith("Filed from the newsroom")
    assert "by editor-" in row


def test_an_older_story_republished_today_is_not_new_on_the_desk(world, author):
    article = create_article(world, "Old news", authors=[author], published_at=timezone.now() - timedelta(days=2))
    article.save_revision().publish()  # an edit published today
    section = soup(signed_in("Editor").get(DESK)).select_one('section[aria-labelledby="desk-published"]')
    assert "Old news" not in section.get_text()


def test_the_dashboard_panel_counts_and_lists_the_next_scheduled(world, author, tomorrow_late):
    article = create_article(world, "Embargoed budget story", publish=False, authors=[author])
    schedule(article, tomorrow_late)
    panel = soup(signed_in("Editor").get("/admin/")).select_one("section#editors-desk-section")
    text = panel.get_text(" ", strip=True)
    assert "1 scheduled" in text and "0 awaiting review" in text
    assert "Embargoed budget story" in text
    assert panel.select_one('a[href="/admin/desk/"]') is not None


def test_moderators_get_no_desk_panel(db):
    response = signed_in("Moderator").get("/admin/")
    html = response.content.decode()
    assert response.status_code == 200
    # The sidebar menu (JSON for Wagtail's script) offers their own work and not the desk.
    assert '"url": "/admin/comments/"' in html and '"url": "/admin/desk/"' not in html
    assert soup(response).select_one("section#editors-desk-section") is None


def test_a_reporter_sees_the_desk_with_edit_links_wagtail_would_allow(world, author, tomorrow_late):
    article = create_article(world, "Embargoed budget story", publish=False, authors=[author])
    schedule(article, tomorrow_late)
    reporter = signed_in("Reporter")
    row = soup(reporter.get(DESK)).select_one('section[aria-labelledby="desk-scheduled"] tbody tr')
    link = row.select_one("a")["href"]
    assert link == reverse("wagtailadmin_pages:edit", args=(article.pk,))
    assert reporter.get(link).status_code == 200
