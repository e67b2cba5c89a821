from datetime import timedelta

import pytest
from django.utils import timezone

from broadsheet.comments.models import Ban, Comment, DiscussionSetting, Flag, ModerationAction, Rule
from broadsheet.comments.services import (
    CommentRefused,
    ban_commenter,
    delete_comment,
    edit_comment,
    flag_comment,
    moderate_comment,
    post_comment,
)
from broadsheet.identity import Reader
from tests.newsroom.test_roles import signed_in

from .conftest import make_reader

pytestmark = pytest.mark.django_db


def post(article, author, body="A thoughtful comment on the story.", network=None, **kwargs):
    return post_comment(
        article_id=article.pk, author=author, body=body, reader=network or Reader.at("198.51.100.4"), **kwargs
    )


def refusal(callable_, *args, **kwargs):
    with pytest.raises(CommentRefused) as caught:
        callable_(*args, **kwargs)
    return caught.value


def stored(article):
    return Comment.objects.filter(article=article).count()


def test_a_trusted_readers_comment_is_published_in_post_moderation(article, reader):
    comment = post(article, reader)
    assert comment.status == Comment.Status.APPROVED and comment.rule == ""


def test_a_new_commenter_is_held_until_one_comment_was_approved(article):
    newcomer = make_reader("New", trusted=False)
    comment = post(article, newcomer)
    assert comment.status == Comment.Status.PENDING and comment.rule == Rule.NEW_COMMENTER


def test_banned_words_refuse_and_store_nothing(article, reader, settings):
    settings.COMMENTS_BANNED_WORDS = ["scoundrel"]
    before = stored(article)
    error = refusal(post, article, reader, "What a SCOUNDREL he is.")
    assert (error.status, error.rule) == (400, Rule.BANNED_WORDS)
    assert stored(article) == before


def test_suspect_words_and_many_links_hold(article, reader):
    assert post(article, reader, "Win big at the casino tonight.").rule == Rule.SUSPECT_WORDS
    links = post(article, reader, "See https://a.example/x and https://b.example/y for more.")
    assert (links.status, links.rule) == (Comment.Status.PENDING, Rule.LINKS)


def test_the_same_text_from_the_same_author_is_refused(article, reader):
    post(article, reader, "Exactly this.")
    error = refusal(post, article, reader, "  Exactly this.  ")
    assert (error.status, error.rule) == (409, Rule.DUPLICATE)


def test_a_third_comment_within_sixty_seconds_gets_429(article, reader):
    post(article, reader, "One.")
    post(article, reader, "Two.")
    error = refusal(post, article, reader, "Three.")
    assert (error.status, error.rule) == (429, Rule.RATE)
    later = timezone.now() + timedelta(seconds=61)
    assert post(article, reader, "Three, a minute later.", now=later).pk


def test_one_network_is_limited_across_accounts(article, settings):
    settings.COMMENTS_PER_NETWORK_PER_MINUTE = 3
    office = Reader.at("192.0.2.50")
    for number in range(3):
        post(article, make_reader(f"R{number}", article=article), f"Comment {number}.", network=office)
    error = refusal(post, article, make_reader("R9", article=article), "One too many.", network=office)
    assert error.status == 429


def test_the_honeypot_and_a_form_sent_too_fast_are_refused(article, reader):
    assert refusal(post, article, reader, honeypot="http://spam.example").rule == Rule.BOT
    assert refusal(post, article, reader, form_age=0.4).status == 400
    assert post(article, reader, form_age=10).pk


def test_a_body_over_the_limit_is_refused_not_truncated(article, reader, settings):
    settings.COMMENT_MAX_LENGTH = 100
    before = stored(article)
    error = refusal(post, article, reader, "x" * 101)
    assert (error.status, error.rule) == (400, Rule.LENGTH)
    assert stored(article) == before
    assert len(post(article, reader, "y" * 100).body) == 100


@pytest.mark.parametrize("body", ["", "   ", "\n\n"])
def test_an_empty_comment_is_refused(article, reader, body):
    assert refusal(post, article, reader, body).status == 400


def test_abusive_text_is_held_with_its_score(article, reader):
    comment = post(article, reader, "You are a fucking idiot and so is the writer.")
    assert comment.status == Comment.Status.PENDING and comment.rule == Rule.TOXICITY
    assert comment.toxicity >= 0.8
    assert post(article, reader, "A calm and fair point about trade.").toxicity < 0.5


def test_pre_moderation_on_a_section_holds_everything_unless_the_article_says_otherwise(article, reader):
    DiscussionSetting.objects.create(page=article.get_parent(), moderation="pre")
    assert post(article, reader, "Held by the section.").rule == Rule.PRE_MODERATION
    DiscussionSetting.objects.create(page=article, moderation="post")
    assert post(article, reader, "Published by the article's own mode.").status == Comment.Status.APPROVED


def test_closed_discussions_refuse(article, reader, settings):
    article.allow_comments = False
    article.save_revision().publish()
    assert refusal(post, article, reader).status == 403
    article.allow_comments = True
    article.save_revision().publish()
    DiscussionSetting.objects.create(page=article, is_closed=True)
    assert refusal(post, article, reader).code == "closed"


def test_a_discussion_closes_after_the_set_number_of_days(article, reader, settings):
    settings.COMMENTS_CLOSE_AFTER_DAYS = 3
    assert refusal(post, article, reader, now=timezone.now() + timedelta(days=4)).code == "closed"
    assert post(article, reader).pk


def test_a_banned_reader_cannot_comment_until_the_ban_ends(article, reader):
    moderator = signed_in_moderator()
    ban_commenter(user_id=reader.pk, moderator=moderator, reason="Repeated abuse.", days=2)
    error = refusal(post, article, reader)
    assert error.status == 403 and "Repeated abuse." in error.message
    assert post(article, reader, now=timezone.now() + timedelta(days=3)).pk
    assert reader.is_active  # the account stays


def signed_in_moderator():
    client = signed_in("Moderator")
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(pk=client.session["_auth_user_id"])


def test_replies_must_answer_a_published_comment_of_the_same_article(article, reader, make_article):
    other = make_article("Another story", slug="another-story")
    elsewhere = Comment.objects.create(article=other, author=reader, body="Elsewhere.", status="approved")
    assert refusal(post, article, reader, parent_id=elsewhere.pk).status == 400
    top = post(article, reader, "Top.")
    delete_comment(comment_id=top.pk, user=reader)
    refused = refusal(post, article, reader, "Reply.", parent_id=top.pk)
    assert (refused.status, refused.code) == (409, "parent_unpublished") and "not published" in refused.message
    kept = post(article, reader, "Kept.", now=timezone.now() + timedelta(minutes=2))
    other_reader = make_reader("Oleg", article=article)
    reply = post(article, other_reader, "A reply.", parent_id=kept.pk)
    deeper = post(article, reader, "A deeper reply.", parent_id=reply.pk, now=timezone.now() + timedelta(minutes=3))
    assert (reply.thread_id, deeper.thread_id, deeper.parent_id) == (kept.pk, kept.pk, reply.pk)


def test_enough_flags_send_a_comment_back_to_the_queue(article, reader, settings):
    settings.COMMENTS_FLAGS_TO_HOLD = 2
    settings.COMMENTS_FLAGGER_MIN_AGE_DAYS = 0  # readers of standing: each has an approved comment
    comment = post(article, reader)
    first = make_reader("F1", article=article)
    flag_comment(comment_id=comment.pk, user=first, reason="spam")
    assert refusal(flag_comment, comment_id=comment.pk, user=first, reason="spam").status == 409
    assert refusal(flag_comment, comment_id=comment.pk, user=make_reader("F2"), reason="nonsense").status == 400
    flag_comment(comment_id=comment.pk, user=make_reader("F3", article=article), reason="abuse", note="Name-calling.")
    comment.refresh_from_db()
    assert (comment.status, comment.rule, comment.flag_count) == (Comment.Status.PENDING, Rule.FLAGS, 2)
    assert Flag.objects.filter(comment=comment).count() == 2


def test_an_author_edits_for_a_few_minutes_then_no_more(article, reader, settings):
    comment = post(article, reader, "Frist.")
    edited = edit_comment(comment_id=comment.pk, user=reader, body="First.")
    assert edited.body == "First." and edited.edited_at is not None
    later = timezone.now() + timedelta(minutes=settings.COMMENTS_EDIT_MINUTES + 1)
    assert refusal(edit_comment, comment_id=comment.pk, user=reader, body="Again.", now=later).status == 403
    assert refusal(edit_comment, comment_id=comment.pk, user=make_reader("Other"), body="Mine now.").status == 403


def test_moderation_is_for_moderators_and_every_action_is_logged(article, reader):
    comment = post(article, make_reader("New", trusted=False))
    assert refusal(moderate_comment, comment_id=comment.pk, moderator=reader, action="approve").status == 403
    moderator = signed_in_moderator()
    moderate_comment(comment_id=comment.pk, moderator=moderator, action="approve")
    moderate_comment(
        comment_id=comment.pk, moderator=moderator, action="reject", reason="Off-topic.", rule=Rule.TOXICITY
    )
    comment.refresh_from_db()
    assert (comment.status, comment.reason, comment.rule) == ("rejected", "Off-topic.", Rule.TOXICITY)
    log = list(ModerationAction.objects.filter(comment=comment).values_list("moderator_id", "action"))
    assert sorted(log) == [(moderator.pk, "approve"), (moderator.pk, "reject")]


def test_bans_are_kept_apart_from_the_account(reader):
    moderator = signed_in_moderator()
    ban = ban_commenter(user_id=reader.pk, moderator=moderator, reason="Spam.")
    assert ban.until is None and Ban.objects.filter(user=reader).count() == 1
