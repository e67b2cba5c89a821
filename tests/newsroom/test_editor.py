"""The article editor as writers use it: Headline and Standfirst, the preview's dateline, the approval message."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone
from wagtail.models import WorkflowState

from broadsheet.newsroom.datelines import format_dateline
from broadsheet.newsroom.models import ArticlePage
from tests.newsroom.test_roles import add_url, article_form, edit_form, signed_in


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


@pytest.mark.parametrize("role", ["Reporter", "Editor"])
def test_the_editor_asks_for_a_headline_in_a_wrapping_box_with_the_front_pages_length(role, world):
    page = soup(signed_in(role).get(add_url(world)))
    field = page.select_one("textarea[name=title]")
    assert field is not None, "the headline is a box that wraps, not a one-line input"
    label = page.select_one(f'label[for="{field["id"]}"]').get_text(" ", strip=True)
    assert label.startswith("Headline")
    assert f"about {ArticlePage.HEADLINE_SHOWN_CHARACTERS} characters" in page.get_text()
    standfirst = page.select_one("textarea[name=standfirst]")
    assert page.select_one(f'label[for="{standfirst["id"]}"]').get_text(" ", strip=True).startswith("Standfirst")


def test_a_line_break_typed_into_the_headline_is_saved_as_a_space(world, author):
    signed_in("Editor").post(add_url(world), article_form(author, title="Two lines\r\nof headline"))
    assert ArticlePage.objects.get(slug="filed-from-the-newsroom").title == "Two lines of headline"


def test_the_front_page_clamps_headlines_at_the_lines_the_hint_speaks_of():
    from django.conf import settings

    css = (settings.BASE_DIR / "broadsheet" / "static" / "css" / "site.css").read_text()
    assert "-webkit-line-clamp: 4" in css and "HEADLINE_SHOWN_CHARACTERS" in css


def test_preview_of_a_draft_prints_its_place_and_the_time_it_will_go_live(world, author):
    editor = signed_in("Editor")
    editor.post(add_url(world), article_form(author))
    draft = ArticlePage.objects.get(slug="filed-from-the-newsroom")
    go_live = (timezone.now() + timedelta(days=1)).replace(second=0, microsecond=0)
    url = reverse("wagtailadmin_pages:preview_on_edit", args=(draft.pk,))
    editor.post(url, edit_form(editor, draft, go_live_at=timezone.localtime(go_live).strftime("%Y-%m-%d %H:%M")))
    datelines = soup(editor.get(url)).select_one(".datelines").get_text(" ", strip=True)
    assert datelines == f"Moscow · {format_dateline(go_live)}"


def test_preview_of_an_unscheduled_draft_prints_the_time_now(world, author):
    editor = signed_in("Editor")
    editor.post(add_url(world), article_form(author))
    draft = ArticlePage.objects.get(slug="filed-from-the-newsroom")
    url = reverse("wagtailadmin_pages:preview_on_edit", args=(draft.pk,))
    editor.post(url, edit_form(editor, draft))
    printed = soup(editor.get(url)).select_one(".datelines time")
    assert printed is not None
    assert abs(timezone.datetime.fromisoformat(printed["datetime"]) - timezone.now()) < timedelta(minutes=2)


def submitted_by_reporter(world, author):
    signed_in("Reporter").post(add_url(world), article_form(author, **{"action-submit": "action-submit"}))
    article = ArticlePage.objects.get(slug="filed-from-the-newsroom")
    assert WorkflowState.objects.active().filter(object_id=str(article.pk)).exists()
    return article


def approve_in_editor(editor, article, **changes):
    data = edit_form(
        editor, article, **{"action-workflow-action": "true", "workflow-action-name": "approve"}, **changes
    )
    return editor.post(reverse("wagtailadmin_pages:edit", args=(article.pk,)), data, follow=True)


def test_approve_and_publish_says_published(world, author, committed):
    article = submitted_by_reporter(world, author)
    editor = signed_in("Editor")
    with committed():
        response = approve_in_editor(editor, article)
    article.refresh_from_db()
    assert article.live
    said = [str(m) for m in response.context["messages"]]
    assert said == [f"'{article.title}' is approved and published."]


def test_approving_a_scheduled_article_says_when_it_will_be_published(world, author, committed):
    article = submitted_by_reporter(world, author)
    editor = signed_in("Editor")
    go_live = (timezone.now() + timedelta(days=2)).replace(second=0, microsecond=0)
    with committed():
        response = approve_in_editor(editor, article, go_live_at=timezone.localtime(go_live).strftime("%Y-%m-%d %H:%M"))
    said = [str(m) for m in response.context["messages"]]
    assert said == [f"'{article.title}' is approved and will be published at {format_dateline(go_live)}."]


def test_the_schedule_dialog_names_the_time_zone_and_steps_in_five_minutes(world, author):
    editor = signed_in("Editor")
    editor.post(add_url(world), article_form(author))
    draft = ArticlePage.objects.get(slug="filed-from-the-newsroom")
    # The dialog is drawn from a template inside the page, so it is read as text.
    html = editor.get(reverse("wagtailadmin_pages:edit", args=(draft.pk,))).content.decode()
    subtitle = html[html.index('id="subtitle-schedule-publishing-dialog"') :][:300]
    assert "Times are in Europe/Moscow (MSK), to the minute." in subtitle
    go_live_widget = html[html.index('"fieldName": "go_live_at"') :][:400]
    assert '"step": 5' in go_live_widget


def test_a_time_to_the_minute_is_kept_when_scheduling(world, author):
    editor = signed_in("Editor")
    editor.post(add_url(world), article_form(author))
    draft = ArticlePage.objects.get(slug="filed-from-the-newsroom")
    go_live = (timezone.localtime() + timedelta(days=1)).replace(hour=9, minute=7, second=0, microsecond=0)
    editor.post(
        reverse("wagtailadmin_pages:edit", args=(draft.pk,)),
        edit_form(editor, draft, go_live_at=go_live.strftime("%Y-%m-%d %H:%M"), **{"action-publish": "action-publish"}),
    )
    draft.refresh_from_db()
    assert draft.get_latest_revision().approved_go_live_at == go_live
