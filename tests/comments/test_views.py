import time
from datetime import UTC, datetime
from urllib.parse import urlsplit

import pytest
from django.test import Client

from broadsheet.comments.models import Ban, Comment, Rule
from broadsheet.comments.services import moderate_comment
from tests.newsroom.test_roles import signed_in

from .conftest import make_reader

pytestmark = pytest.mark.django_db


def form(body="A fair point about the talks.", **extra):
    return {"body": body, "started": str(int(time.time()) - 30), "website": "", **extra}


def reader_client(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_published_comment_comes_back_to_the_discussion_and_shows_in_the_shared_fragment(article, reader):
    client = reader_client(reader)
    response = client.post(f"/comments/{article.pk}/post/", form(next=article.url))
    assert response.status_code == 303 and response["Location"] == f"{article.url}#discussion"
    fragment = Client().get(f"/f/comments/{article.pk}/")
    assert "A fair point about the talks." in fragment.content.decode()
    assert "public" in fragment["Cache-Control"] and "max-age=5" in fragment["Cache-Control"]
    own = client.get(f"/f/comments/{article.pk}/form/")
    assert "Your comment is published." in own.content.decode() and "no-store" in own["Cache-Control"]


def test_a_held_comment_names_its_rule_and_appears_nowhere_public(article, reader):
    newcomer = make_reader("Newcomer", trusted=False)
    client = reader_client(newcomer)
    client.post(f"/comments/{article.pk}/post/", form("Held until a moderator reads it."))
    message = client.get(f"/f/comments/{article.pk}/form/").content.decode()
    assert "held for a moderator" in message and f'href="/community-standards/#{Rule.NEW_COMMENTER}"' in message
    for url in (f"/f/comments/{article.pk}/", f"/comments/{article.pk}/", f"/f/counts/{article.pk}/", article.url):
        assert "Held until a moderator" not in Client().get(url).content.decode()
    assert "1 comment" in Client().get(f"/f/counts/{article.pk}/").content.decode()  # the reader's earlier one


def test_approving_shows_at_once_in_the_fragment_and_count_without_rerendering_the_article(article, reader, committed):
    newcomer = make_reader("Newcomer", trusted=False)
    with committed():
        comment = Comment.objects.create(
            article=article, author=newcomer, body="Waiting for approval.", rule=Rule.NEW_COMMENTER
        )
    anonymous = Client()
    page_before = anonymous.get(article.url).content
    assert "Waiting for approval." not in anonymous.get(f"/f/comments/{article.pk}/").content.decode()
    moderator = signed_in("Moderator")
    with committed():
        response = moderator.post("/admin/comments/", {"comment": [comment.pk], "action": "approve"})
    assert response.status_code == 302
    assert "Waiting for approval." in anonymous.get(f"/f/comments/{article.pk}/").content.decode()
    assert "2 comments" in anonymous.get(f"/f/counts/{article.pk}/").content.decode()
    after = anonymous.get(article.url)
    assert after.content == page_before  # the same cached bytes: the discussion is a fragment


def test_without_a_csrf_token_nothing_is_stored(article, reader):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)
    before = Comment.objects.count()
    assert client.post(f"/comments/{article.pk}/post/", form()).status_code == 403
    assert Comment.objects.count() == before


@pytest.mark.parametrize(
    "data, status",
    [
        ({"body": ""}, 400),
        ({"body": "x" * 3001}, 400),
        ({"parent": "abc"}, 400),
        ({"parent": "999999"}, 400),
        ({"parent": "9" * 5000}, 400),  # beyond the digits Python's int() converts
        ({"parent": "0" * 5000 + "1"}, 400),
        ({"parent": "9" * 19}, 400),  # beyond any id the database gives
        ({"parent": "²"}, 400),  # a digit to str.isdigit(), not to int()
        ({"website": "spam"}, 400),
        ({"started": "now"}, 400),
    ],
)
def test_bad_comments_get_a_4xx_and_store_nothing(article, reader, data, status):
    before = Comment.objects.count()
    if data.get("started") == "now":  # a form sent the moment it was shown
        data = {"started": str(time.time())}
    response = reader_client(reader).post(f"/comments/{article.pk}/post/", form(**data))
    assert response.status_code == status
    assert Comment.objects.count() == before
    assert b"message-error" in response.content  # the reason, in the discussion's place


# "²" is a digit to str.isdigit() but not to int(); 2,000 digits is about the longest address let in.
@pytest.mark.parametrize("query", [{"page": "²"}, {"reply": "²"}, {"page": "9" * 2000}, {"reply": "9" * 2000}])
def test_the_discussion_page_ignores_page_and_reply_numbers_that_are_not_numbers(article, reader, query):
    response = reader_client(reader).get(f"/comments/{article.pk}/", query)
    assert response.status_code == 200 and "An earlier approved comment" in response.content.decode()
    assert Client().get(f"/f/comments/{article.pk}/", query).status_code == 200


def test_signed_out_readers_are_offered_sign_in_and_cannot_post(article):
    response = Client().post(f"/comments/{article.pk}/post/", form())
    assert response.status_code == 403
    html = Client().get(f"/f/comments/{article.pk}/form/", {"next": article.url}).content.decode()
    assert "/accounts/login/?next=" in html and "/accounts/signup/?next=" in html


def test_an_unknown_or_invisible_article_is_404(reader, article):
    client = reader_client(reader)
    assert client.post("/comments/999999/post/", form()).status_code == 404
    assert client.get("/f/comments/999999/").status_code == 404
    article.unpublish()
    assert client.get(f"/comments/{article.pk}/").status_code == 404


def test_a_flood_from_one_reader_gets_429(article, reader):
    client = reader_client(reader)
    statuses = [
        client.post(f"/comments/{article.pk}/post/", form(f"Comment number {n}.")).status_code for n in range(3)
    ]
    assert statuses == [303, 303, 429]


def test_a_scripts_refused_comment_gets_the_reason_as_json_and_leaves_no_message_behind(article, reader):
    client = reader_client(reader)
    client.post(f"/comments/{article.pk}/post/", form("Exactly this."))
    response = client.post(f"/comments/{article.pk}/post/", form("Exactly this."), HTTP_X_REQUESTED_WITH="fetch")
    assert response.status_code == 409 and response["Cache-Control"] == "private, no-store"
    assert response.json() == {"ok": False, "code": "duplicate", "message": "You have already posted this comment."}
    assert "already posted" not in client.get(f"/comments/{article.pk}/").content.decode()


def test_an_oversized_body_is_refused_before_it_is_read(article, reader):
    response = reader_client(reader).post(f"/comments/{article.pk}/post/", form("x" * 30000))
    assert response.status_code == 413


def test_replies_show_one_level_deep_with_in_reply_to(article, reader):
    other = make_reader("Oleg", article=article)
    top = Comment.objects.create(article=article, author=reader, body="Top.", status="approved")
    reply = Comment.objects.create(
        article=article, author=other, body="Reply.", parent=top, thread=top, status="approved"
    )
    Comment.objects.create(article=article, author=reader, body="Deeper.", parent=reply, thread=top, status="approved")
    html = Client().get(f"/comments/{article.pk}/").content.decode()
    assert html.count('class="comment-replies"') == 1 and "in reply to Oleg" in html


def test_picks_first_and_newest_first_order(article, reader):
    Comment.objects.create(article=article, author=reader, body="Old pick.", status="approved", is_pick=True)
    Comment.objects.create(article=article, author=reader, body="Newest one.", status="approved")
    html = Client().get(f"/f/comments/{article.pk}/", {"order": "newest"}).content.decode()
    assert html.index("Old pick.") < html.index("Newest one.") < html.index("An earlier approved comment")


def test_load_more_pages_through_the_discussion(article, reader):
    Comment.objects.bulk_create(
        [Comment(article=article, author=reader, body=f"Bulk {n}.", status="approved") for n in range(25)]
    )
    first = Client().get(f"/f/comments/{article.pk}/").content.decode()
    assert "Load more comments" in first and "page=2" in first
    second = Client().get(f"/f/comments/{article.pk}/", {"page": "2"}).content.decode()
    assert "Bulk 24." in second and "Load more" not in second


def test_flagging_needs_an_account_and_a_reason(article, reader):
    comment = Comment.objects.create(article=article, author=reader, body="Flag me.", status="approved")
    assert Client().post(f"/comments/c/{comment.pk}/flag/", {"reason": "spam"}).status_code == 403
    client = reader_client(make_reader("Flagger"))
    assert client.post(f"/comments/c/{comment.pk}/flag/", {"reason": "bogus"}).status_code == 400
    assert client.post(f"/comments/c/{comment.pk}/flag/", {"reason": "spam"}).status_code == 302


@pytest.mark.parametrize(
    "role, allowed", [("Moderator", True), ("Editor", True), ("Administrator", True), ("Reporter", False)]
)
def test_the_queue_is_for_those_who_moderate(role, allowed, article, reader):
    response = signed_in(role).get("/admin/comments/")
    assert (response.status_code == 200) is allowed


def test_a_moderator_has_the_queue_and_nothing_else(article):
    moderator = signed_in("Moderator")
    assert moderator.get("/admin/comments/").status_code == 200
    for forbidden in (
        "/admin/pages/",
        "/admin/users/",
        "/admin/snippets/comments/communitystandards/",
        "/admin/images/",
    ):
        response = moderator.get(forbidden)
        assert response.status_code in (302, 403), forbidden


def test_a_reader_account_has_no_back_office(reader):
    response = reader_client(reader).get("/admin/comments/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert reader_client(reader).get("/admin/").status_code == 302


def test_the_queue_filters_and_rejects_in_bulk_with_a_reason(article, reader):
    newcomer = make_reader("Newcomer", trusted=False)
    held = [
        Comment.objects.create(article=article, author=newcomer, body=f"Held {n}.", rule=Rule.LINKS, toxicity=0.1 * n)
        for n in range(3)
    ]
    moderator = signed_in("Moderator")
    html = moderator.get("/admin/comments/", {"rule": Rule.LINKS, "min_score": "0.15"}).content.decode()
    assert "Held 2." in html and "Held 0." not in html
    moderator.post(
        "/admin/comments/",
        {"comment": [c.pk for c in held], "action": "reject", "rule": Rule.SPAM, "reason": "Advertising."},
    )
    assert set(Comment.objects.filter(pk__in=[c.pk for c in held]).values_list("status", "rule", "reason")) == {
        ("rejected", Rule.SPAM, "Advertising.")
    }
    mine = reader_client(newcomer).get("/comments/mine/").content.decode()
    assert "Rejected" in mine and "Advertising." in mine and f"#{Rule.SPAM}" in mine


def test_a_moderator_bans_a_reader_from_the_queue(article, reader):
    comment = Comment.objects.create(article=article, author=reader, body="Abusive.", status="pending")
    moderator = signed_in("Moderator")
    moderator.post("/admin/comments/", {"action": "ban", "comment": [comment.pk], "days": "7", "reason": "Abuse."})
    response = reader_client(reader).post(f"/comments/{article.pk}/post/", form("Still here?"))
    assert response.status_code == 403 and b"Abuse." in response.content


@pytest.mark.parametrize("article_id", ["²", "9" * 30, "-1", "abc"])
def test_the_queue_filtered_by_an_article_id_that_is_no_number_answers_with_nothing_filtered(article, article_id):
    Comment.objects.create(article=article, author=make_reader("Newcomer", trusted=False), body="Held.")
    response = signed_in("Moderator").get("/admin/comments/", {"article": article_id})
    assert response.status_code == 200 and "Held." in response.content.decode()


def test_bulk_actions_on_ids_that_are_no_numbers_change_nothing(article):
    held = Comment.objects.create(article=article, author=make_reader("Newcomer", trusted=False), body="Held.")
    moderator = signed_in("Moderator")
    response = moderator.post(
        "/admin/comments/", {"comment": ["²", "9" * 5000, f"{held.pk}x"], "action": "reject"}, follow=True
    )
    assert response.status_code == 200 and "Tick the comments to act on first" in response.content.decode()
    assert Comment.objects.get(pk=held.pk).status == "pending"


@pytest.mark.parametrize(
    "chosen, days, message",
    [
        ("²", "7", "Tick the comments to act on first"),
        ("9" * 30, "7", "Tick the comments to act on first"),
        (None, "²", "Give the ban&#x27;s length as a number of days"),
        (None, "9" * 5000, "Give the ban&#x27;s length as a number of days"),
        (None, "-3", "Give the ban&#x27;s length as a number of days"),
        (None, "99999999", "A ban lasts 1 to 3,650 days, or for good."),
    ],
)
def test_a_ban_of_no_comment_or_no_length_is_refused_with_the_reason(article, reader, chosen, days, message):
    comment = Comment.objects.create(article=article, author=reader, body="Abusive.", status="pending")
    moderator = signed_in("Moderator")
    response = moderator.post(
        "/admin/comments/",
        {"action": "ban", "comment": [chosen or comment.pk], "days": days, "reason": "Abuse."},
        follow=True,
    )
    assert response.status_code == 200 and message in response.content.decode()
    assert not Ban.objects.exists()


def test_reply_email_only_after_approval_with_one_click_opt_out(article, reader, mailoutbox, committed):
    other = make_reader("Newcomer", trusted=False)
    top = Comment.objects.create(article=article, author=reader, body="Top.", status="approved")
    with committed():
        reader_client(other).post(f"/comments/{article.pk}/post/", form("A held reply.", parent=str(top.pk)))
    assert mailoutbox == []
    reply = Comment.objects.get(body="A held reply.")
    with committed():
        moderate_comment(comment_id=reply.pk, moderator=moderator_user(), action="approve")
    assert len(mailoutbox) == 1 and "A held reply." in mailoutbox[0].body
    opt_out = urlsplit(mailoutbox[0].extra_headers["List-Unsubscribe"].strip("<>")).path
    assert Client().post(opt_out).status_code == 200
    reader.profile.refresh_from_db()
    assert reader.profile.allow_reply_emails is False


def moderator_user():
    from django.contrib.auth import get_user_model

    client = signed_in("Moderator")
    return get_user_model().objects.get(pk=client.session["_auth_user_id"])


@pytest.mark.parametrize("status", ["pending", "rejected", "removed"])
def test_comments_that_are_not_approved_appear_nowhere_public(article, reader, status):
    Comment.objects.create(article=article, author=reader, body=f"A {status} comment.", status=status)
    anonymous = Client()
    for url in (f"/f/comments/{article.pk}/", f"/comments/{article.pk}/", article.url):
        assert f"A {status} comment." not in anonymous.get(url).content.decode(), url
    assert "1 comment" in anonymous.get(f"/f/counts/{article.pk}/").content.decode()


def test_an_author_deletes_their_comment_and_it_leaves_the_discussion(article, reader):
    comment = Comment.objects.create(article=article, author=reader, body="Second thoughts.", status="approved")
    assert reader_client(make_reader("Someone else")).post(f"/comments/c/{comment.pk}/delete/").status_code == 403
    assert reader_client(reader).post(f"/comments/c/{comment.pk}/delete/").status_code == 302
    assert "Second thoughts." not in Client().get(f"/f/comments/{article.pk}/").content.decode()
    assert Comment.objects.get(pk=comment.pk).status == "removed"


def test_an_edit_within_the_window_shows_as_edited(article, reader):
    comment = Comment.objects.create(article=article, author=reader, body="Teh point.", status="approved")
    client = reader_client(reader)
    assert client.post(f"/comments/c/{comment.pk}/edit/", {"body": "The point."}).status_code == 302
    html = Client().get(f"/f/comments/{article.pk}/").content.decode()
    assert "The point." in html and "(edited)" in html
    assert client.post(f"/comments/c/{comment.pk}/edit/", {"body": ""}).status_code == 400


def test_a_comment_says_when_it_was_written_in_the_newsrooms_time_and_zone(article, reader):
    reader_client(reader).post(f"/comments/{article.pk}/post/", form())
    comment = Comment.objects.filter(author=reader).latest("pk")
    Comment.objects.filter(pk=comment.pk).update(created_at=datetime(2030, 1, 23, 17, 48, tzinfo=UTC))
    fragment = Client().get(f"/f/comments/{article.pk}/").content.decode()
    assert "20:48 GMT+3, 23 January 2030" in fragment
