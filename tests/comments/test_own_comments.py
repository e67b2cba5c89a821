"""A reader's own held comment: marked "Awaiting review" for its author alone, in their private fragment and on
the discussion page, never in the shared list or the cached article page; then published, or marked rejected."""

import time

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from broadsheet.comments.models import Comment, Rule
from broadsheet.comments.services import moderate_comment
from tests.newsroom.test_roles import signed_in

from .conftest import make_reader

pytestmark = pytest.mark.django_db

HELD = "A held reply about the treaty."


def reader_client(user):
    client = Client()
    client.force_login(user)
    return client


def moderator():
    from django.contrib.auth import get_user_model

    client = signed_in("Moderator")
    return get_user_model().objects.get(pk=client.session["_auth_user_id"])


@pytest.fixture
def held(article, reader, committed):
    """Anna K.'s published comment, and a newcomer's reply to it, held for a moderator."""
    anna = make_reader("Anna K.", article=article)
    top = Comment.objects.create(article=article, author=anna, body="The treaty matters.", status="approved")
    author = make_reader("Nadia R.", trusted=False)
    with committed():
        response = reader_client(author).post(
            f"/comments/{article.pk}/post/",
            {"body": HELD, "parent": str(top.pk), "started": str(int(time.time()) - 30), "website": ""},
        )
    assert response.status_code == 303
    return top, author, Comment.objects.get(body=HELD)


def test_the_author_sees_their_held_reply_in_place_marked_awaiting_review(article, held):
    top, author, reply = held
    assert reply.status == "pending"
    page = BeautifulSoup(reader_client(author).get(f"/comments/{article.pk}/").content, "html.parser")
    shown = page.find(id=f"comment-{reply.pk}")
    assert "Awaiting review." in shown.get_text() and "Only you can see this" in shown.get_text()
    assert shown.find_parent("li").find_parent("li").find(id=f"comment-{top.pk}") is not None
    assert shown.find("a", attrs={"data-reply": True}) is None  # a held comment takes no replies
    own = BeautifulSoup(reader_client(author).get(f"/f/comments/{article.pk}/form/").content, "html.parser")
    item = own.select_one("[data-own-comments] [data-own-comment]")
    assert HELD in item.get_text() and "Awaiting review." in item.get_text()
    assert item.select_one(".comment")["data-thread"] == str(top.pk)  # the page's script puts it under Anna's


def test_other_readers_anonymous_readers_and_the_shared_pages_never_contain_it(article, reader, held):
    _, author, _ = held
    other = reader_client(reader)
    for client in (other, Client()):
        for url in (f"/comments/{article.pk}/", f"/f/comments/{article.pk}/form/", f"/f/comments/{article.pk}/"):
            assert HELD not in client.get(url).content.decode(), url
    shared = Client().get(f"/f/comments/{article.pk}/")
    assert "public" in shared["Cache-Control"] and HELD not in shared.content.decode()
    assert "no-store" in reader_client(author).get(f"/f/comments/{article.pk}/form/")["Cache-Control"]


def test_the_cached_article_page_is_the_same_shared_page_for_the_author(article, held):
    _, author, _ = held
    anonymous = Client()
    first = anonymous.get(article.url)
    second = anonymous.get(article.url)
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    own = reader_client(author).get(article.url)
    assert own["X-Page-Cache"] == "hit" and own.content == first.content
    assert HELD not in first.content.decode() and "Awaiting review" not in first.content.decode()


def test_once_approved_it_shows_to_everyone_without_the_mark(article, reader, held, committed):
    _, author, reply = held
    with committed():
        moderate_comment(comment_id=reply.pk, moderator=moderator(), action="approve")
    assert HELD in Client().get(f"/f/comments/{article.pk}/").content.decode()
    assert HELD in reader_client(reader).get(f"/comments/{article.pk}/").content.decode()
    mine = reader_client(author).get(f"/comments/{article.pk}/").content.decode()
    assert HELD in mine and "Awaiting review" not in mine
    assert HELD not in reader_client(author).get(f"/f/comments/{article.pk}/form/").content.decode()


def test_once_rejected_its_author_alone_sees_it_marked_not_published_with_the_rule_and_reason(
    article, reader, held, committed
):
    _, author, reply = held
    with committed():
        moderate_comment(
            comment_id=reply.pk,
            moderator=moderator(),
            action="reject",
            rule=Rule.OFF_TOPIC,
            reason="About another story.",
        )
    page = BeautifulSoup(reader_client(author).get(f"/comments/{article.pk}/").content, "html.parser")
    status = page.find(id=f"comment-{reply.pk}").select_one(".comment-status").get_text(" ", strip=True)
    assert status.startswith("Not published.") and "Stay on topic" in status and "About another story." in status
    assert page.find(id=f"comment-{reply.pk}").select_one(f'a[href="/community-standards/#{Rule.OFF_TOPIC}"]')
    for client in (reader_client(reader), Client()):
        assert HELD not in client.get(f"/comments/{article.pk}/").content.decode()
    assert HELD not in Client().get(f"/f/comments/{article.pk}/").content.decode()


def test_a_comment_its_author_deleted_is_shown_to_no_one(article, held):
    _, author, reply = held
    client = reader_client(author)
    assert client.post(f"/comments/c/{reply.pk}/delete/").status_code == 302
    for url in (f"/comments/{article.pk}/", f"/f/comments/{article.pk}/form/"):
        assert HELD not in client.get(url).content.decode(), url
