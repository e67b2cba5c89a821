"""The editor's desk: scheduled by the newsroom's day, awaiting review, published today and by whom."""

from datetime import datetime, timedelta

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import WorkflowState

from broadsheet.newsroom.datelines import newsroom_zone
from broadsheet.newsroom.factories import create_article
from broadsheet.newsroom.models import ArticlePage
from tests.newsroom.test_roles import add_url, article_form, edit_form, signed_in

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
    page = soup(signed_in("Administrator").get(DESK))
    section = page.select_one('section[aria-labelledby="desk-published"]')
    row = section.select_one("tbody tr").get_text(" ", strip=True)
    assert row.startswith("Filed from the newsroom")
    assert "by editor-" in row


def test_a_reporters_published_today_is_their_own_article_an_editor_published(world, author):
    reporter = signed_in("Reporter")
    reporter.post(add_url(world), article_form(author))
    draft = ArticlePage.objects.get(slug="filed-from-the-newsroom")
    editor = signed_in("Editor")
    editor.post(
        reverse("wagtailadmin_pages:edit", args=(draft.pk,)),
        edit_form(editor, draft, **{"action-publish": "action-publish"}),
    )
    create_article(world, "Someone else's story", authors=[author])
    section = soup(reporter.get(DESK)).select_one('section[aria-labelledby="desk-published"]')
    rows = [row.get_text(" ", strip=True) for row in section.select("tbody tr")]
    assert len(rows) == 1 and rows[0].startswith("Filed from the newsroom") and "by editor-" in rows[0]
    assert "Your published today (1)" in section.get_text(" ", strip=True)


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


def test_a_moderators_dashboard_has_the_counts_features_give_them_and_no_article_work(db):
    response = signed_in("Moderator").get("/admin/")
    html = response.content.decode()
    assert response.status_code == 200
    # The sidebar menu (JSON for Wagtail's script) offers their own work and not the desk.
    assert '"url": "/admin/comments/"' in html and '"url": "/admin/desk/"' not in html
    panel = soup(response).select_one("section#editors-desk-section")
    assert panel.select("ul.desk-counts li")  # the comments waiting for them
    assert "New article" not in panel.get_text() and "draft" not in panel.get_text()


def test_a_reporter_sees_the_desk_with_edit_links_wagtail_would_allow(world, author, tomorrow_late):
    article = create_article(world, "Embargoed budget story", publish=False, authors=[author])
    schedule(article, tomorrow_late)
    reporter = signed_in("Reporter")
    row = soup(reporter.get(DESK)).select_one('section[aria-labelledby="desk-scheduled"] tbody tr')
    link = row.select_one("a")["href"]
    assert link == reverse("wagtailadmin_pages:edit", args=(article.pk,))
    assert reporter.get(link).status_code == 200


def user_of(client):
    return get_user_model().objects.get(pk=client.session["_auth_user_id"])


def write(client, world, author, title, **action):
    client.post(add_url(world), article_form(author, title=title, slug=slugify(title), **action))
    return ArticlePage.objects.get(slug=slugify(title))


def test_a_reporters_desk_counts_their_drafts_and_what_they_submitted(world, author):
    reporter = signed_in("Reporter")
    write(reporter, world, author, "First draft")
    write(reporter, world, author, "Second draft")
    write(reporter, world, author, "Ready for the desk", **{"action-submit": "action-submit"})
    write(signed_in("Reporter"), world, author, "A colleague's draft")
    page = soup(reporter.get(DESK))
    drafts = page.select_one('section[aria-labelledby="desk-drafts"]')
    assert [r.select_one("td.title").get_text(strip=True) for r in drafts.select("tbody tr")] == [
        "Second draft",
        "First draft",
    ]
    submitted = page.select_one('section[aria-labelledby="desk-submitted"]')
    assert [r.select_one("td.title").get_text(strip=True) for r in submitted.select("tbody tr")] == [
        "Ready for the desk"
    ]
    assert page.select_one('section[aria-labelledby="desk-review"]') is None  # the review queue is the editors'
    panel = soup(reporter.get("/admin/")).select_one("section#editors-desk-section").get_text(" ", strip=True)
    assert "2 drafts" in panel and "1 submitted" in panel


def test_an_article_sent_back_is_returned_to_its_reporter_with_the_reviewers_comment(world, author):
    reporter = signed_in("Reporter")
    article = write(reporter, world, author, "Council budget leaks", **{"action-submit": "action-submit"})
    editor = signed_in("Editor")
    reviewer = user_of(editor)
    reviewer.first_name, reviewer.last_name = "Eda", "Reviewer"
    reviewer.save()
    state = WorkflowState.objects.get(base_content_type__isnull=False, object_id=str(article.pk))
    state.current_task_state.reject(user=reviewer, comment="Add a second source for the figures.")
    page = soup(reporter.get(DESK))
    returned = page.select_one('section[aria-labelledby="desk-returned"]')
    row = returned.select_one("tbody tr").get_text(" ", strip=True)
    assert row.startswith("Council budget leaks") and "Add a second source for the figures." in row
    assert "by Eda Reviewer" in row
    assert "Returned to you (1)" in returned.get_text(" ", strip=True)
    # Back with its writer, it waits for nobody else: not in the editors' queue, nor a draft.
    review = soup(editor.get(DESK)).select_one('section[aria-labelledby="desk-review"]')
    assert "Awaiting review (0)" in review.get_text(" ", strip=True)
    assert "Your drafts (0)" in page.select_one('section[aria-labelledby="desk-drafts"]').get_text(" ", strip=True)
    panel = soup(reporter.get("/admin/")).select_one("section#editors-desk-section").get_text(" ", strip=True)
    assert "1 returned to you" in panel


def test_new_article_offers_the_sections_a_writer_may_write_in_one_click_from_the_form(world, economy, author):
    reporter = signed_in("Reporter")
    page = soup(reporter.get("/admin/desk/new/"))
    links = {a.get_text(strip=True): a["href"] for a in page.select(".desk-sections a")}
    assert links == {"World": add_url(world), "Economy": add_url(economy)}
    assert reporter.get(links["World"]).status_code == 200
    assert soup(reporter.get("/admin/")).select_one(f'a[href="{reverse("newsroom_new_article")}"]') is not None
    # Someone who may not write articles is refused (Wagtail sends them to the dashboard).
    assert signed_in("Moderator").get("/admin/desk/new/")["Location"] == "/admin/"


def test_desk_times_are_the_newsrooms_24_hours_with_the_zone_named(world, author, tomorrow_late):
    article = create_article(world, "Late results", publish=False, authors=[author])
    schedule(article, tomorrow_late.replace(hour=21, minute=7))
    panel = soup(signed_in("Editor").get("/admin/")).select_one("section#editors-desk-section")
    assert f"{tomorrow_late.day} {tomorrow_late:%b %Y}, 21:07 MSK" in panel.get_text(" ", strip=True)
    assert "p.m." not in panel.get_text()


def test_the_editors_schedule_panel_names_the_zone_in_24_hours(world, author, tomorrow_late):
    article = create_article(world, "Late results", publish=False, authors=[author])
    schedule(article, tomorrow_late.replace(hour=21, minute=7))
    html = soup(signed_in("Editor").get(reverse("wagtailadmin_pages:edit", args=(article.pk,)))).get_text(
        " ", strip=True
    )
    assert f"Go-live: {tomorrow_late.day} {tomorrow_late:%b %Y}, 21:07 MSK" in html
