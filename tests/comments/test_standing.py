"""Flags weighed by who sends them: new accounts ask a moderator to look; known readers can take a comment down."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from broadsheet.comments import standing
from broadsheet.comments.demo import STANDARDS
from broadsheet.comments.models import Comment, Flag, Rule
from broadsheet.comments.services import flag_comment, moderate_comment, post_comment
from broadsheet.identity import Reader
from tests.newsroom.test_roles import signed_in

from .conftest import make_reader

pytestmark = pytest.mark.django_db


def new_account(name):
    """An account opened today, with no comment the discussion has approved."""
    return make_reader(name, trusted=False)


def known_reader(name, article):
    """A reader of a month's standing with an approved comment."""
    user = make_reader(name, article=article)
    get_user_model().objects.filter(pk=user.pk).update(date_joined=timezone.now() - timedelta(days=30))
    user.refresh_from_db()
    return user


@pytest.fixture
def comment(article, reader):
    return post_comment(
        article_id=article.pk, author=reader, body="A view some will dislike.", reader=Reader.at("198.51.100.4")
    )


def flag_by(users, comment):
    for user in users:
        flag_comment(comment_id=comment.pk, user=user, reason="abuse")
    comment.refresh_from_db()
    return comment


def test_three_new_accounts_flagging_a_comment_only_show_it_to_a_moderator(comment, settings):
    settings.COMMENTS_FLAGS_TO_HOLD = 3
    flagged = flag_by([new_account(f"New {n}") for n in range(3)], comment)
    assert (flagged.status, flagged.flag_count) == (Comment.Status.APPROVED, 3)
    assert Comment.objects.public().filter(pk=comment.pk).exists()

    moderator = signed_in("Moderator")
    assert comment.body in moderator.get("/admin/comments/", {"status": "flagged"}).content.decode()
    assert comment.body not in moderator.get("/admin/comments/", {"status": "pending"}).content.decode()


def test_flags_of_known_readers_take_a_comment_down_for_review(comment, article, settings):
    settings.COMMENTS_FLAGS_TO_HOLD = 3
    flag_by([known_reader("Known 1", article), known_reader("Known 2", article)], comment)
    assert comment.status == Comment.Status.APPROVED
    flag_by([known_reader("Known 3", article)], comment)
    assert (comment.status, comment.rule) == (Comment.Status.PENDING, Rule.FLAGS)


def test_an_old_account_that_never_had_a_comment_approved_weighs_nothing(comment, article, settings):
    settings.COMMENTS_FLAGS_TO_HOLD = 1
    idle = new_account("Idle")
    get_user_model().objects.filter(pk=idle.pk).update(date_joined=timezone.now() - timedelta(days=365))
    assert flag_by([get_user_model().objects.get(pk=idle.pk)], comment).status == Comment.Status.APPROVED


def test_a_reader_whose_flags_moderators_upheld_weighs_more(comment, article, reader, settings):
    settings.COMMENTS_FLAGS_TO_HOLD = 2
    settings.COMMENTS_FLAGS_UPHELD_TO_WEIGH_MORE = 1
    proven = known_reader("Proven", article)
    earlier = Comment.objects.create(article=article, author=reader, body="Abuse.", status=Comment.Status.REJECTED)
    Flag.objects.create(comment=earlier, reporter=proven, reason="abuse")
    assert flag_by([proven], comment).status == Comment.Status.PENDING


def test_once_a_moderator_approves_a_flagged_comment_only_new_flags_count(comment, article, settings):
    settings.COMMENTS_FLAGS_TO_HOLD = 2
    flag_by([known_reader("Known 1", article), known_reader("Known 2", article)], comment)
    moderator = get_user_model().objects.create_superuser("chief-moderator", password="a-long-passphrase")
    approved = moderate_comment(comment_id=comment.pk, moderator=moderator, action="approve")
    assert (approved.status, approved.flag_count) == (Comment.Status.APPROVED, 0)
    assert flag_by([known_reader("Known 3", article)], comment).status == Comment.Status.APPROVED
    assert flag_by([known_reader("Known 4", article)], comment).status == Comment.Status.PENDING


def recent(article, author, statuses, days_ago=1):
    for number, status in enumerate(statuses):
        Comment.objects.create(
            article=article,
            author=author,
            body=f"Earlier {status} comment {number}.",
            status=status,
            created_at=timezone.now() - timedelta(days=days_ago, minutes=number),
        )


def test_a_reader_often_rejected_lately_is_premoderated_automatically(article, reader):
    # With the reader's approved comment of an hour ago: 2 rejected of 4 recent comments.
    recent(article, reader, ["rejected", "rejected", "approved"])
    comment = post_comment(article_id=article.pk, author=reader, body="Hear me out.", reader=Reader.at("198.51.100.9"))
    assert (comment.status, comment.rule) == (Comment.Status.PENDING, Rule.RECENT_HISTORY)


def test_a_reader_with_fewer_recent_comments_than_the_rule_needs_is_not_premoderated(article, reader):
    recent(article, reader, ["rejected", "rejected"])  # 2 of 3: too few to judge
    comment = post_comment(article_id=article.pk, author=reader, body="Hear me out.", reader=Reader.at("198.51.100.9"))
    assert comment.status == Comment.Status.APPROVED


def test_rejections_older_than_the_window_no_longer_premoderate(article, reader):
    recent(article, reader, ["rejected"] * 5, days_ago=standing.RECENT_HISTORY_DAYS + 1)
    recent(article, reader, ["approved"] * 3)
    comment = post_comment(article_id=article.pk, author=reader, body="Hear me out.", reader=Reader.at("198.51.100.9"))
    assert comment.status == Comment.Status.APPROVED


def test_the_standards_tell_readers_the_recent_history_rule_with_its_numbers():
    text = {anchor: (title, body) for anchor, title, body in STANDARDS["rules"]}[Rule.RECENT_HISTORY]
    assert f"{standing.RECENT_HISTORY_MIN_COMMENTS} comments" in text[1]
    assert f"last {standing.RECENT_HISTORY_DAYS} days" in text[1]
    assert f"{standing.RECENT_HISTORY_REJECTED_SHARE:.0%}" in text[1]
