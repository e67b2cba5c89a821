"""The permission matrix: what each newsroom role can do in the back office, tried over HTTP."""

import itertools
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)

from broadsheet.newsroom.models import ArticlePage
from tests.staff.helpers import force_login_with_second_factor

ROLES = ["Reporter", "Editor", "Moderator", "Administrator"]
USER_NUMBERS = itertools.count()


def signed_in(role):
    user = get_user_model().objects.create_user(f"{role.lower()}-{next(USER_NUMBERS)}", password="a-long-passphrase")
    user.groups.add(Group.objects.get(name=role))
    client = Client()
    # Administrators must use two-factor sign-in: sign in as someone who has passed it.
    force_login_with_second_factor(client, user)
    return client


def article_form(author, title="Filed from the newsroom", **extra):
    data = {
        "title": title,
        "slug": "filed-from-the-newsroom",
        "standfirst": "A standfirst written in the back office.",
        "lead_image_caption": "",
        "lead_image_credit": "",
        "dateline_place": "Moscow",
        "bylines": inline_formset([{"author": author.pk}], min=1),
        "body": streamfield([("paragraph", rich_text("<p>Body text.</p>"))]),
        "tags": inline_formset([]),
        "related": inline_formset([]),
        "corrections": inline_formset([]),
        "comments": inline_formset([]),
        "allow_comments": "on",
    }
    data.update(extra)
    return nested_form_data(data)


def add_url(section):
    return reverse("wagtailadmin_pages:add", args=("newsroom", "articlepage", section.pk))


@pytest.fixture
def draft(world, author):
    editor = signed_in("Editor")
    editor.post(add_url(world), article_form(author))
    return ArticlePage.objects.get(slug="filed-from-the-newsroom")


# role: (can enter the back office, can write a draft, can publish, can manage users)
MATRIX = {
    "Reporter": (True, True, False, False),
    "Editor": (True, True, True, False),
    "Moderator": (True, False, False, False),
    "Administrator": (True, True, True, True),
}


@pytest.mark.parametrize("role", ROLES)
def test_back_office_access_follows_the_role(role, db):
    client = signed_in(role)
    assert (client.get("/admin/").status_code == 200) == MATRIX[role][0]
    assert (client.get(reverse("wagtailusers_users:index")).status_code == 200) == MATRIX[role][3]


@pytest.mark.parametrize("role", ROLES)
def test_writing_a_draft_follows_the_role(role, world, author):
    client = signed_in(role)
    client.post(add_url(world), article_form(author))
    created = ArticlePage.objects.filter(slug="filed-from-the-newsroom").first()
    assert (created is not None) == MATRIX[role][1]
    if created:
        assert not created.live  # saving is never publishing


def edit_form(client, article, **changes):
    """Return the edit form exactly as the back office renders it for this user, with changes."""
    editor = signed_in("Administrator") if client is None else client
    html = editor.get(reverse("wagtailadmin_pages:edit", args=(article.pk,))).content.decode()
    data = querydict_from_html(html, form_id="page-edit-form").copy()
    # The body editor is drawn by JavaScript, so its fields are not in the HTML: add them as it would.
    data.update(nested_form_data({"body": streamfield([("paragraph", rich_text("<p>Body text.</p>"))])}))
    for key, value in changes.items():
        data[key] = value
    return data


@pytest.mark.parametrize("role", ROLES)
def test_publishing_follows_the_role_even_with_a_crafted_post(role, world, author, draft):
    client = signed_in(role)
    # Built from the full editor's form, so a reporter's POST carries a publish button it was never shown.
    data = edit_form(None, draft, title="Published headline", **{"action-publish": "action-publish"})
    response = client.post(reverse("wagtailadmin_pages:edit", args=(draft.pk,)), data)
    assert response.status_code in (200, 302, 403)
    draft.refresh_from_db()
    assert draft.live == MATRIX[role][2]


def test_the_same_author_twice_is_refused_with_a_message(world, author, draft):
    editor = signed_in("Editor")
    data = edit_form(editor, draft)
    data.update(
        {"bylines-TOTAL_FORMS": "2", "bylines-1-author": str(author.pk), "bylines-1-ORDER": "2", "bylines-1-id": ""}
    )
    response = editor.post(reverse("wagtailadmin_pages:edit", args=(draft.pk,)), data)
    assert response.status_code == 200
    assert "Each author can be added only once" in response.content.decode()
    assert draft.bylines.count() == 1


def test_reporter_cannot_unpublish(world, author, draft, committed):
    with committed():
        draft.save_revision().publish()
    signed_in("Reporter").post(reverse("wagtailadmin_pages:unpublish", args=(draft.pk,)))
    draft.refresh_from_db()
    assert draft.live


def test_editor_can_unpublish(world, author, draft, committed):
    with committed():
        draft.save_revision().publish()
    signed_in("Editor").post(reverse("wagtailadmin_pages:unpublish", args=(draft.pk,)))
    draft.refresh_from_db()
    assert not draft.live


def test_reporter_submits_a_draft_for_review_and_an_editor_approves_it(world, author):
    reporter = signed_in("Reporter")
    reporter.post(add_url(world), article_form(author, **{"action-submit": "action-submit"}))
    article = ArticlePage.objects.get(slug="filed-from-the-newsroom")
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(article.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == "Editorial review"
    assert not article.live

    editor = signed_in("Editor")
    task_state = state.current_task_state
    editor.post(
        reverse("wagtailadmin_pages:workflow_action", args=(article.pk, "approve", task_state.pk)),
        {"comment": ""},
    )
    article.refresh_from_db()
    assert article.live


def test_editor_schedules_an_article_for_later(world, author, draft):
    go_live = (timezone.now() + timedelta(days=1)).replace(microsecond=0)
    editor = signed_in("Editor")
    editor.post(
        reverse("wagtailadmin_pages:edit", args=(draft.pk,)),
        edit_form(editor, draft, go_live_at=go_live.strftime("%Y-%m-%d %H:%M"), **{"action-publish": "action-publish"}),
    )
    draft.refresh_from_db()
    assert not draft.live
    assert draft.get_latest_revision().approved_go_live_at is not None


def test_revisions_can_be_compared(world, author, draft):
    editor = signed_in("Editor")
    editor.post(reverse("wagtailadmin_pages:edit", args=(draft.pk,)), edit_form(editor, draft, title="Second version"))
    first, second = draft.revisions.order_by("created_at")[:2]
    response = editor.get(reverse("wagtailadmin_pages:revisions_compare", args=(draft.pk, first.pk, second.pk)))
    assert response.status_code == 200
    assert "Second version" in response.content.decode()


def test_preview_renders_the_unpublished_article(world, author, draft):
    editor = signed_in("Editor")
    url = reverse("wagtailadmin_pages:preview_on_edit", args=(draft.pk,))
    editor.post(url, edit_form(editor, draft, title="Preview headline"))
    response = editor.get(url)
    assert response.status_code == 200
    assert "Preview headline" in response.content.decode()
