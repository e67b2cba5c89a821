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
    # The proof is as strong as its corpus and its checker: many payloads the checker catches
    # when they are shown raw, as a template that forgot to escape would show them.
    assert len([p for p in set(PAYLOADS) if injected(f'<div class="comment">{p}</div>')]) >= 40
    moderator = signed_in("Moderator")
    queue = [moderator.get("/admin/comments/", {"status": "approved", "p": number}) for number in (1, 2, 3)]
    responses = {
        "article fragment": Client().get(f"/f/comments/{article.pk}/"),
        "discussion page": Client().get(f"/comments/{article.pk}/"),
        **{f"queue page {number}": response for number, response in enumerate(queue, start=1)},
    }
    for writer in hostile["writers"][:5]:
        own = Client()
        own.force_login(writer)
        responses[f"own page of {writer.pk}"] = own.get("/comments/mine/")
        responses[f"account bar of {writer.pk}"] = own.get("/f/account/")
    pages = {place: response.content.decode() for place, response in responses.items()}
    pages["queue"] = "".join(pages[f"queue page {number}"] for number in (1, 2, 3))
    for place, html in pages.items():
        assert injected(html) == [], place
    for place, response in responses.items():
        # Each place answered and showed payloads, escaped: an error or empty page proves nothing.
        assert response.status_code == 200 and "&lt;" in pages[place], place
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
