"""Readers in the back office: the list of readers, one reader's history, ban and unban, deletion with their data."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from broadsheet.comments.models import Ban, Comment, Flag, ModerationAction, Rule
from tests.newsroom.test_roles import signed_in

from .conftest import make_reader
from .test_views import form, reader_client

pytestmark = pytest.mark.django_db

READERS = "/admin/comments/readers/"


def said(response):
    return " | ".join(str(message) for message in response.context["messages"])


def rejected(article, author, count, days_ago=1):
    for number in range(count):
        Comment.objects.create(
            article=article,
            author=author,
            body=f"Rejected {number} of {author.pk}.",
            status="rejected",
            rule=Rule.PERSONAL_ATTACKS,
            created_at=timezone.now() - timedelta(days=days_ago),
        )


def test_the_readers_list_shows_readers_and_not_newsroom_staff(article, reader):
    for role in ("Reporter", "Editor", "Moderator"):
        colleague = get_user_model().objects.create_user(f"colleague-{role}", email=f"{role}@newsroom.example")
        colleague.groups.add(Group.objects.get(name=role))
    html = signed_in("Moderator").get(READERS).content.decode()
    assert "Marta K." in html and reader.email in html
    assert "newsroom.example" not in html and "colleague-" not in html


@pytest.mark.parametrize("query", ["marta", "MARTA K", "@example.org"])
def test_readers_are_found_by_name_or_email(article, reader, query):
    make_reader("Oleg from Kazan")
    html = signed_in("Moderator").get(READERS, {"q": query}).content.decode()
    assert "Marta K." in html
    if query != "@example.org":
        assert "Oleg from Kazan" not in html


def test_each_reader_shows_comments_and_standing(article, reader):
    premoderated, banned = make_reader("Often Rejected", article=article), make_reader("Banned Reader")
    rejected(article, premoderated, 4)
    Ban.objects.create(user=banned, until=timezone.now() + timedelta(days=3), reason="Abuse.")
    html = signed_in("Moderator").get(READERS).content.decode()
    assert "Active" in html and "Pre-moderated: 4 of 5 recent comments rejected" in html
    assert "Banned until" in html


def test_a_readers_history_shows_comments_rejections_bans_and_flags(article, reader):
    comment = Comment.objects.create(article=article, author=reader, body="Flag this one.", status="approved")
    Flag.objects.create(comment=comment, reporter=make_reader("Flagger"), reason="abuse", note="Rude to me.")
    rejected(article, reader, 1)
    Ban.objects.create(user=reader, until=timezone.now() - timedelta(days=1), reason="Old ban.")
    html = signed_in("Moderator").get(f"{READERS}{reader.pk}/").content.decode()
    assert "Marta K." in html and "Flag this one." in html and "Rule: Personal attacks" in html
    assert "Old ban." in html and "Abuse or harassment: 1" in html and "Rude to me." in html
    assert "Rejected: 1" in html and "Status" in html and "Active" in html


def test_a_reader_is_one_click_from_any_comment_in_the_queue(article):
    newcomer = make_reader("Anna Reader", trusted=False)
    Comment.objects.create(article=article, author=newcomer, body="Held.", rule=Rule.NEW_COMMENTER)
    queue = signed_in("Moderator").get("/admin/comments/").content.decode()
    assert f'href="{READERS}{newcomer.pk}/"' in queue


def test_a_moderator_bans_and_unbans_a_reader_from_their_history(article, reader):
    moderator = signed_in("Moderator")
    response = moderator.post(f"{READERS}{reader.pk}/ban/", {"days": "30", "reason": "Abuse."}, follow=True)
    assert "Banned Marta K. for 30 days" in said(response)
    assert reader_client(reader).post(f"/comments/{article.pk}/post/", form("Still here?")).status_code == 403
    response = moderator.post(f"{READERS}{reader.pk}/unban/", follow=True)
    assert "Marta K. may comment again" in said(response)
    assert reader_client(reader).post(f"/comments/{article.pk}/post/", form("Back again.")).status_code == 303
    assert list(ModerationAction.objects.filter(reader=reader).values_list("action", flat=True)) == ["unban", "ban"]


@pytest.mark.parametrize("days", ["0", "-1", "²", "9" * 5000, "99999", "seven"])
def test_a_ban_of_a_bad_length_changes_nothing(reader, days):
    response = signed_in("Moderator").post(f"{READERS}{reader.pk}/ban/", {"days": days}, follow=True)
    assert response.status_code == 200 and "Nothing was changed." in said(response)
    assert not Ban.objects.exists()


def test_unknown_readers_are_answered_with_a_message_or_a_404_and_nothing_changes(reader):
    moderator = signed_in("Moderator")
    assert moderator.get(f"{READERS}999999/").status_code == 404
    assert "No such reader." in said(moderator.post(f"{READERS}999999/ban/", {"days": "7"}, follow=True))
    assert "not banned" in said(moderator.post(f"{READERS}999999/unban/", follow=True))
    assert "No such reader" in said(moderator.post(f"{READERS}999999/delete/", follow=True))
    assert "not banned" in said(moderator.post(f"{READERS}{reader.pk}/unban/", follow=True))
    assert moderator.get(f"{READERS}{reader.pk}/ban/").status_code == 405
    assert not Ban.objects.exists() and get_user_model().objects.filter(pk=reader.pk).exists()


def test_deleting_a_reader_asks_first_then_deletes_the_account_and_comments_and_logs_it(article, reader):
    other = make_reader("Oleg", article=article)
    top = Comment.objects.create(article=article, author=reader, body="Answered top.", status="approved")
    Comment.objects.create(
        article=article, author=other, body="Oleg's reply.", status="approved", parent=top, thread=top
    )
    alone = Comment.objects.create(article=article, author=reader, body="Unanswered.", status="approved")
    moderator = signed_in("Moderator")
    confirm = moderator.get(f"{READERS}{reader.pk}/delete/").content.decode()
    assert "Yes, delete Marta K." in confirm and "3 comments" in confirm
    assert get_user_model().objects.filter(pk=reader.pk).exists()  # asking changed nothing
    response = moderator.post(f"{READERS}{reader.pk}/delete/", follow=True)
    assert "Deleted Marta K.&#x27;s account and comments" in response.content.decode() or "Deleted Marta K." in said(
        response
    )
    assert not get_user_model().objects.filter(pk=reader.pk).exists()
    assert not Comment.objects.filter(pk=alone.pk).exists()
    kept = Comment.objects.get(pk=top.pk)  # kept so Oleg's reply stays, with nothing of Marta's left
    assert (kept.body, kept.author, kept.status) == ("", None, "removed")
    assert Comment.objects.filter(body="Oleg's reply.").exists()
    entry = ModerationAction.objects.get(action="delete reader")
    assert "Marta K." in entry.reason and reader.email not in entry.reason


def test_staff_accounts_are_not_deleted_or_listed_from_the_readers_desk(article):
    editor = get_user_model().objects.create_user("an-editor", email="editor@example.org")
    editor.groups.add(Group.objects.get(name="Editor"))
    moderator = signed_in("Moderator")
    assert "editor@example.org" not in moderator.get(READERS).content.decode()
    response = moderator.post(f"{READERS}{editor.pk}/delete/", follow=True)
    assert "staff accounts are deleted by an Administrator" in said(response)
    assert get_user_model().objects.filter(pk=editor.pk).exists()


@pytest.mark.parametrize("role, allowed", [("Reporter", False), ("Moderator", True), ("Editor", True)])
def test_only_those_who_moderate_see_readers_or_act_on_them(article, reader, role, allowed):
    client = signed_in(role)
    for url in (READERS, f"{READERS}{reader.pk}/", f"{READERS}{reader.pk}/delete/"):
        assert (client.get(url).status_code == 200) is allowed, url
    client.post(f"{READERS}{reader.pk}/ban/", {"days": "7"})
    assert Ban.objects.exists() is allowed
    if not allowed:
        # Wagtail answers a refused back-office page with a redirect to the dashboard and a message.
        refused = client.post(f"{READERS}{reader.pk}/delete/")
        assert refused.status_code in (302, 403) and refused.get("Location", "/admin/") == "/admin/"
        Ban.objects.create(user=reader, reason="Set by a test.")
        assert client.post(f"{READERS}{reader.pk}/unban/").status_code in (302, 403)
        assert Ban.objects.get(user=reader).lifted_at is None
        assert get_user_model().objects.filter(pk=reader.pk).exists()


def test_a_moderator_cannot_publish_or_edit_pages(article):
    moderator = signed_in("Moderator")
    user = get_user_model().objects.get(pk=moderator.session["_auth_user_id"])
    permissions = article.permissions_for_user(user)
    assert not permissions.can_publish() and not permissions.can_edit()
    revision_before = article.latest_revision_id
    response = moderator.post(f"/admin/pages/{article.pk}/edit/", {"title": "Changed", "action-publish": "publish"})
    assert response.status_code in (302, 403)
    article.refresh_from_db()
    assert article.title == "Allies without a treaty" and article.latest_revision_id == revision_before
