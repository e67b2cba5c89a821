"""Every payload through every field a reader controls, read back from every place it is shown."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from broadsheet.comments.models import Comment, Flag
from broadsheet.comments.services import moderate_comment
from tests.newsroom.test_roles import signed_in

from .conftest import make_reader
from .xss import PAYLOADS, injected

pytestmark = pytest.mark.django_db


def test_the_corpus_is_large_enough():
    assert len(set(PAYLOADS)) >= 40


def test_the_checker_sees_markup_when_there_is_some():
    # The check itself must be able to fail: raw payloads in a comment are caught.
    assert injected('<div class="comment"><img src=x onerror=alert(1)><a href="javascript:x">a</a></div>')


@pytest.fixture
def hostile(article, mailoutbox, committed):
    """Comments, display names and flag notes made of payloads, and a reply e-mail made from them."""
    writers = [make_reader(payload[:50], article=article) for payload in PAYLOADS]  # names are at most 50
    flagger = make_reader("Flagger")
    comments = []
    with committed():
        top = Comment.objects.create(article=article, author=writers[0], body="A plain top comment.", status="approved")
        for writer, payload in zip(writers, PAYLOADS, strict=True):
            comment = Comment.objects.create(
                article=article,
                author=writer,
                body=f"Before {payload} after",
                status="approved",
                parent=top,
                thread=top,
            )
            Flag.objects.create(comment=comment, reporter=flagger, reason="spam", note=payload[:300])
            comments.append(comment)
        moderator = get_user_model().objects.get(pk=signed_in("Moderator").session["_auth_user_id"])
        held = Comment.objects.create(article=article, author=writers[1], body=PAYLOADS[0], parent=top, thread=top)
        moderate_comment(comment_id=held.pk, moderator=moderator, action="approve")
    return {"writers": writers, "comments": comments, "mail": mailoutbox}


def test_no_payload_becomes_markup_anywhere_it_is_shown(article, hostile):
    moderator = signed_in("Moderator")
    queue = "".join(
        moderator.get("/admin/comments/", {"status": "approved", "p": number}).content.decode() for number in (1, 2, 3)
    )
    pages = {
        "article fragment": Client().get(f"/f/comments/{article.pk}/").content.decode(),
        "discussion page": Client().get(f"/comments/{article.pk}/").content.decode(),
        "queue": queue,
    }
    for writer in hostile["writers"][:5]:
        own = Client()
        own.force_login(writer)
        pages[f"own page of {writer.pk}"] = own.get("/comments/mine/").content.decode()
        pages[f"account bar of {writer.pk}"] = own.get("/f/account/").content.decode()
    for place, html in pages.items():
        assert injected(html) == [], place
    # The text itself is shown, as text: the reader sees what was typed.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pages["discussion page"]
    assert pages["queue"].count("Spam: ") >= len(PAYLOADS)  # every flag note is shown in the queue


def test_links_in_comments_are_plain_http_links_marked_ugc(article, reader):
    Comment.objects.create(
        article=article,
        author=reader,
        status="approved",
        body="See https://example.org/a?b=1&c=2 and javascript:alert(1)",
    )
    html = Client().get(f"/f/comments/{article.pk}/").content.decode()
    assert '<a href="https://example.org/a?b=1&amp;c=2" rel="nofollow ugc noopener">' in html
    assert 'href="javascript' not in html


def test_reply_emails_are_plain_text(hostile):
    assert hostile["mail"], "the approved reply was mailed"
    for message in hostile["mail"]:
        assert message.content_subtype == "plain" and not getattr(message, "alternatives", None)
