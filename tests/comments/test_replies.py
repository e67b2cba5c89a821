"""Replying in place: the reply form under the comment it answers (with JavaScript off, and as a private
fragment for the page's script), naming the person answered; the outcome shown in place; bad replies refused."""

import time

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from broadsheet.comments.models import Comment, DiscussionSetting

from .conftest import make_reader

pytestmark = pytest.mark.django_db


def form(body="A fair reply about the talks.", **extra):
    return {"body": body, "started": str(int(time.time()) - 30), "website": "", **extra}


def reader_client(user):
    client = Client()
    client.force_login(user)
    return client


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def thread(article, reader):
    """Anna K.'s comment with Oleg's reply under it, and a second thread by the reader."""
    anna, oleg = make_reader("Anna K.", article=article), make_reader("Oleg", article=article)
    top = Comment.objects.create(article=article, author=anna, body="The treaty matters.", status="approved")
    reply = Comment.objects.create(
        article=article, author=oleg, body="It matters less.", parent=top, thread=top, status="approved"
    )
    return top, reply


def reply_form_under(page, comment):
    """Return the reply form in the comment's own list item (not in a reply's under it), if there is one."""
    item = page.find(id=f"comment-{comment.pk}").find_parent("li")
    forms = item.select("form.comment-reply-form")
    return next((found for found in forms if found.find_parent("li") is item), None)


def test_every_comment_has_a_reply_link_that_works_without_javascript(article, thread):
    top, reply = thread
    shared = soup(Client().get(f"/f/comments/{article.pk}/"))
    link = shared.find(id=f"comment-{top.pk}").find("a", attrs={"data-reply": True})
    assert link["href"] == f"/comments/{article.pk}/?reply={top.pk}#comment-{top.pk}"
    assert link["data-reply"] == f"/f/comments/{article.pk}/reply/{top.pk}/"
    assert link.get_text() == "Reply to Anna K."
    assert shared.find(id=f"comment-{reply.pk}").find("a", attrs={"data-reply": True}) is not None


def test_the_reply_form_opens_under_the_comment_it_answers_naming_its_author(article, reader, thread):
    top, reply = thread
    page = soup(reader_client(reader).get(f"/comments/{article.pk}/", {"reply": top.pk}))
    forms = page.select("form.comment-reply-form")
    assert len(forms) == 1 and forms[0] is reply_form_under(page, top)
    # Under Anna's comment, before the replies to it.
    assert forms[0].find_parent("li").find(id=f"comment-{top.pk}") is not None
    assert forms[0].find_next(id=f"comment-{reply.pk}") is not None
    assert forms[0].select_one("label[for^='reply-body']").get_text() == "Replying to Anna K."
    assert forms[0].find("input", attrs={"name": "parent"})["value"] == str(top.pk)
    assert "Replying to comment" not in page.get_text()
    # A reply to a reply opens under that reply.
    deeper = soup(reader_client(reader).get(f"/comments/{article.pk}/", {"reply": reply.pk}))
    assert len(deeper.select("form.comment-reply-form")) == 1 and reply_form_under(deeper, top) is None
    assert reply_form_under(deeper, reply).select_one("label[for^='reply-body']").get_text() == "Replying to Oleg"


def test_a_signed_out_reader_who_clicks_reply_is_asked_to_sign_in_and_brought_back_to_the_form(article, thread):
    top, _ = thread
    page = soup(Client().get(f"/comments/{article.pk}/", {"reply": top.pk}))
    box = page.find(id=f"reply-{top.pk}")
    assert "To reply to Anna K., sign in" in box.get_text(" ", strip=True)
    assert f"next=/comments/{article.pk}/%3Freply%3D{top.pk}%23comment-{top.pk}" in box.find("a")["href"]


def test_the_reply_fragment_is_the_readers_own_form_and_never_stored(article, reader, thread):
    top, _ = thread
    response = reader_client(reader).get(f"/f/comments/{article.pk}/reply/{top.pk}/", {"next": article.url})
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    page = soup(response)
    assert page.select_one("label[for^='reply-body']").get_text() == "Replying to Anna K."
    assert page.find("input", attrs={"name": "csrfmiddlewaretoken"}) is not None
    assert page.find("input", attrs={"name": "next"})["value"] == article.url


def test_a_reply_posted_without_javascript_shows_in_place_awaiting_review_with_the_form_closed(article, thread):
    top, _ = thread
    newcomer = reader_client(make_reader("Nadia R.", trusted=False))
    back = f"/comments/{article.pk}/"
    response = newcomer.post(f"/comments/{article.pk}/post/", form("Held for now.", parent=str(top.pk), next=back))
    posted = Comment.objects.get(body="Held for now.")
    assert response.status_code == 303 and response["Location"] == f"{back}#comment-{posted.pk}"
    page = soup(newcomer.get(back))
    assert "Your reply is awaiting review" in page.select_one(".comment-messages").get_text()
    mine = page.find(id=f"comment-{posted.pk}")
    assert "Awaiting review." in mine.get_text()
    assert mine.find_parent("li").find_parent("li").find(id=f"comment-{top.pk}") is not None  # in Anna's thread
    assert page.select("form.comment-reply-form") == [] and "Replying to" not in page.get_text()


def test_a_trusted_readers_reply_is_published_under_the_comment_for_everyone(article, reader, thread):
    top, _ = thread
    client = reader_client(reader)
    client.post(f"/comments/{article.pk}/post/", form("Published at once.", parent=str(top.pk)))
    assert "Your reply is published." in client.get(f"/comments/{article.pk}/").content.decode()
    shared = soup(Client().get(f"/f/comments/{article.pk}/"))
    posted = shared.find(string="Published at once.").find_parent("article")
    assert posted.find_parent("li").find_parent("li").find(id=f"comment-{top.pk}") is not None


def test_a_script_posting_a_reply_gets_it_back_as_its_author_sees_it_and_no_message_for_later(article, thread):
    top, _ = thread
    newcomer = reader_client(make_reader("Nadia R.", trusted=False))
    response = newcomer.post(
        f"/comments/{article.pk}/post/", form("Sent by the script.", parent=str(top.pk)), HTTP_X_REQUESTED_WITH="fetch"
    )
    assert response.status_code == 201 and response["Cache-Control"] == "private, no-store"
    answer = response.json()
    posted = Comment.objects.get(body="Sent by the script.")
    assert (answer["ok"], answer["id"], answer["thread"], answer["status"]) == (True, posted.pk, top.pk, "pending")
    assert answer["message"].startswith("Your reply is awaiting review")
    assert "Awaiting review." in answer["html"] and "Sent by the script." in answer["html"]
    assert "awaiting review:" not in newcomer.get(f"/f/comments/{article.pk}/form/").content.decode()


def bad_parent(article, reader, top, kind):
    if kind == "unknown":
        return "999999"
    held = Comment.objects.create(
        article=article, author=reader, body=f"A {kind} comment.", parent=top, thread=top, status=kind
    )
    return str(held.pk)


@pytest.mark.parametrize(
    "kind, status, message",
    [
        ("unknown", 400, "not in this discussion"),
        ("removed", 409, "not published, so it cannot take replies"),
        ("rejected", 409, "not published, so it cannot take replies"),
        ("pending", 409, "not published, so it cannot take replies"),
    ],
)
def test_a_reply_to_a_comment_that_is_not_published_is_refused_and_writes_nothing(
    article, reader, thread, kind, status, message
):
    top, _ = thread
    parent = bad_parent(article, reader, top, kind)
    before = Comment.objects.count()
    client = reader_client(reader)
    response = client.post(f"/comments/{article.pk}/post/", form(parent=parent))
    assert response.status_code == status and message in response.content.decode()
    scripted = client.post(f"/comments/{article.pk}/post/", form(parent=parent), HTTP_X_REQUESTED_WITH="fetch")
    assert scripted.status_code == status and message in scripted.json()["message"]
    assert Comment.objects.count() == before
    if kind != "unknown":
        fragment = client.get(f"/f/comments/{article.pk}/reply/{parent}/")
        assert fragment.status_code == 404 and "cannot take replies" in fragment.content.decode()
        page = client.get(f"/comments/{article.pk}/", {"reply": parent}).content.decode()
        assert "cannot take replies" in page and "comment-reply-form" not in page


def test_an_empty_reply_is_refused_with_the_form_kept_open_under_the_comment(article, reader, thread):
    top, _ = thread
    before = Comment.objects.count()
    response = reader_client(reader).post(f"/comments/{article.pk}/post/", form("   ", parent=str(top.pk)))
    assert response.status_code == 400 and Comment.objects.count() == before
    reply_form = reply_form_under(soup(response), top)
    assert "Write something before sending your comment." in reply_form.select_one("[role=alert]").get_text()
    assert reply_form.select_one("label[for^='reply-body']").get_text() == "Replying to Anna K."


def test_a_reply_on_a_closed_discussion_is_refused_and_the_form_says_it_is_closed(article, reader, thread):
    top, _ = thread
    DiscussionSetting.objects.create(page=article, is_closed=True)
    before = Comment.objects.count()
    client = reader_client(reader)
    response = client.post(f"/comments/{article.pk}/post/", form(parent=str(top.pk)))
    assert response.status_code == 403 and "The discussion of this article is closed." in response.content.decode()
    assert Comment.objects.count() == before
    fragment = client.get(f"/f/comments/{article.pk}/reply/{top.pk}/").content.decode()
    assert "The discussion of this article is closed." in fragment and "<form" not in fragment


def test_a_reply_without_a_csrf_token_is_refused_and_writes_nothing(article, reader, thread):
    top, _ = thread
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)
    before = Comment.objects.count()
    assert client.post(f"/comments/{article.pk}/post/", form(parent=str(top.pk))).status_code == 403
    assert Comment.objects.count() == before


def test_replies_count_against_the_same_per_minute_limit_as_comments(article, reader, thread):
    top, _ = thread
    client = reader_client(reader)
    statuses = [
        client.post(f"/comments/{article.pk}/post/", form(f"Reply {n}.", parent=str(top.pk))).status_code
        for n in range(3)
    ]
    assert statuses == [303, 303, 429]
