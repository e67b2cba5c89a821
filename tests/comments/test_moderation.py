"""The moderation queue in the back office: acting on ticked comments, its views, words and desk counts."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from broadsheet.comments.models import Ban, Comment, Flag, ModerationAction, Rule
from broadsheet.newsroom import plugins
from tests.newsroom.test_roles import signed_in

from .conftest import make_reader
from .test_views import form, reader_client

pytestmark = pytest.mark.django_db

QUEUE = "/admin/comments/"


def user_of(client):
    return get_user_model().objects.get(pk=client.session["_auth_user_id"])


def held(article, author, body="Held for a look.", **extra):
    return Comment.objects.create(article=article, author=author, body=body, rule=Rule.NEW_COMMENTER, **extra)


def said(response):
    """The messages shown after an action, as text."""
    return " | ".join(str(message) for message in response.context["messages"])


def test_approving_two_ticked_comments_says_so_in_words(article):
    newcomer = make_reader("Anna Reader", trusted=False)
    comments = [held(article, newcomer, f"Held {n}.") for n in range(2)]
    response = signed_in("Moderator").post(
        QUEUE, {"comment": [c.pk for c in comments], "action": "approve"}, follow=True
    )
    assert "Approved 2 comments" in said(response)
    assert set(Comment.objects.filter(pk__in=[c.pk for c in comments]).values_list("status", flat=True)) == {"approved"}


def test_rejecting_ticked_comments_under_a_rule_tells_each_author_the_rule(article, mailoutbox, committed):
    anna, oleg = make_reader("Anna Reader", trusted=False), make_reader("Oleg", trusted=False)
    comments = [held(article, anna, "You are an idiot."), held(article, oleg, "So are you.")]
    moderator = signed_in("Moderator")
    with committed():
        response = moderator.post(
            QUEUE,
            {"comment": [c.pk for c in comments], "action": "reject", "rule": Rule.PERSONAL_ATTACKS, "reason": "Calm."},
            follow=True,
        )
    assert "Rejected 2 comments for breaking rule 'Personal attacks'; their authors were told" in said(response)
    assert set(Comment.objects.filter(pk__in=[c.pk for c in comments]).values_list("status", "rule")) == {
        ("rejected", Rule.PERSONAL_ATTACKS)
    }
    assert sorted(mail.to[0] for mail in mailoutbox) == sorted([anna.email, oleg.email])
    letter = next(mail for mail in mailoutbox if mail.to == [anna.email])
    assert "Rule: Personal attacks" in letter.body and "/community-standards/#personal-attacks" in letter.body
    assert "You are an idiot." in letter.body and "Calm." in letter.body and "So are you." not in letter.body
    mine = reader_client(anna).get("/comments/mine/").content.decode()
    assert "Rejected" in mine and 'href="/community-standards/#personal-attacks"' in mine


def test_two_rejected_comments_of_one_reader_make_one_email(article, mailoutbox, committed):
    anna = make_reader("Anna Reader", trusted=False)
    comments = [held(article, anna, f"Spam {n}.") for n in range(2)]
    with committed():
        response = signed_in("Moderator").post(
            QUEUE, {"comment": [c.pk for c in comments], "action": "reject", "rule": Rule.SPAM}, follow=True
        )
    assert "their author was told" in said(response)
    assert len(mailoutbox) == 1 and "Spam 0." in mailoutbox[0].body and "Spam 1." in mailoutbox[0].body


def test_rejecting_without_a_rule_changes_nothing_and_says_why(article):
    comment = held(article, make_reader("Anna Reader", trusted=False))
    response = signed_in("Moderator").post(QUEUE, {"comment": [comment.pk], "action": "reject"}, follow=True)
    assert response.status_code == 200 and "Choose the rule the comments broke" in said(response)
    assert Comment.objects.get(pk=comment.pk).status == "pending"


def test_a_rows_own_button_acts_on_that_comment_alone(article):
    newcomer = make_reader("Anna Reader", trusted=False)
    first, second = held(article, newcomer, "First."), held(article, newcomer, "Second.")
    response = signed_in("Moderator").post(
        QUEUE, {"comment": [first.pk], "row": f"approve:{second.pk}", "action": "reject"}, follow=True
    )
    assert "Approved 1 comment" in said(response)
    assert Comment.objects.get(pk=first.pk).status == "pending"
    assert Comment.objects.get(pk=second.pk).status == "approved"


def test_banning_a_ticked_comment_bans_its_author_without_an_account_number(article):
    anna = make_reader("Anna Reader", article=article)
    comment = held(article, anna, "Abuse.")
    response = signed_in("Moderator").post(
        QUEUE, {"comment": [comment.pk], "action": "ban", "days": "7", "reason": "Abuse."}, follow=True
    )
    assert "Banned Anna Reader for 7 days" in said(response)
    refused = reader_client(anna).post(f"/comments/{article.pk}/post/", form("Am I still here?"))
    assert refused.status_code == 403 and b"Abuse." in refused.content


def test_banning_two_readers_for_good_names_both_once(article):
    anna, oleg = make_reader("Anna Reader", trusted=False), make_reader("Oleg", trusted=False)
    comments = [held(article, anna, "One."), held(article, anna, "Two."), held(article, oleg, "Three.")]
    response = signed_in("Moderator").post(
        QUEUE, {"comment": [c.pk for c in comments], "action": "ban", "days": "good"}, follow=True
    )
    assert "Banned Anna Reader and Oleg for good" in said(response)
    assert Ban.objects.filter(until=None).count() == 2


@pytest.mark.parametrize("action", ["approve", "reject", "ban", "pick", "unpick"])
def test_an_empty_selection_changes_nothing_and_says_so(article, action):
    comment = held(article, make_reader("Anna Reader", trusted=False))
    response = signed_in("Moderator").post(QUEUE, {"action": action, "rule": Rule.SPAM, "days": "7"}, follow=True)
    assert response.status_code == 200 and "Tick the comments to act on first" in said(response)
    assert Comment.objects.get(pk=comment.pk).status == "pending" and not Ban.objects.exists()


@pytest.mark.parametrize("row", ["approve:999999", "approve:²", "approve:", "explode:1", ":"])
def test_unknown_comments_or_actions_change_nothing(article, row):
    comment = held(article, make_reader("Anna Reader", trusted=False))
    response = signed_in("Moderator").post(QUEUE, {"row": row}, follow=True)
    assert response.status_code == 200 and said(response)
    assert Comment.objects.get(pk=comment.pk).status == "pending"
    assert not ModerationAction.objects.exists()


def test_the_queue_speaks_in_names_and_headlines_not_numbers(article):
    anna = make_reader("Anna Reader", trusted=False)
    comment = held(article, anna)
    html = signed_in("Moderator").get(QUEUE).content.decode()
    assert "Anna Reader" in html and f'href="/admin/comments/readers/{anna.pk}/"' in html
    assert f'<a href="{article.url}">Allies without a treaty</a>' in html
    assert f"(#{anna.pk})" not in html and f"(#{article.pk})" not in html and "Article id" not in html
    assert 'aria-label="Approve the comment by Anna Reader"' in html and f'id="choose-{comment.pk}"' in html


def test_the_queue_filters_by_an_article_chosen_by_its_headline(article, make_article):
    other = make_article("Harvest festival draws record crowds")
    newcomer = make_reader("Anna Reader", trusted=False)
    held(article, newcomer, "On the treaty.")
    held(other, newcomer, "On the festival.")
    moderator = signed_in("Moderator")
    html = moderator.get(QUEUE).content.decode()
    assert f'<option value="{other.pk}">Harvest festival draws record crowds</option>' in html
    filtered = moderator.get(QUEUE, {"article": other.pk}).content.decode()
    assert "On the festival." in filtered and "On the treaty." not in filtered


def test_the_flagged_view_lists_flagged_published_comments_with_their_reasons_counted(article, reader):
    comment = Comment.objects.create(article=article, author=reader, body="Buy my course.", status="approved")
    for number, reason in enumerate(["spam", "spam", "abuse"]):
        Flag.objects.create(
            comment=comment, reporter=make_reader(f"Flagger {number}"), reason=reason, note=f"Note {number}"
        )
    Comment.objects.filter(pk=comment.pk).update(flag_count=3)
    moderator = signed_in("Moderator")
    flagged = moderator.get(QUEUE, {"status": "flagged"}).content.decode()
    assert "Buy my course." in flagged and "Flagged 3 times:" in flagged
    assert "Spam ×2, Abuse or harassment" in flagged and "Note 1" in flagged
    assert "Buy my course." not in moderator.get(QUEUE).content.decode()  # not held: still published
    moderator.post(f"{QUEUE}?status=flagged", {"row": f"approve:{comment.pk}"})
    assert "Buy my course." not in moderator.get(QUEUE, {"status": "flagged"}).content.decode()
    assert Comment.objects.get(pk=comment.pk).status == "approved"


def test_the_queue_counts_its_held_and_flagged_comments_on_its_tabs(article, reader):
    held(article, make_reader("Anna Reader", trusted=False))
    Comment.objects.create(article=article, author=reader, body="Flagged.", status="approved", flag_count=1)
    html = signed_in("Moderator").get(QUEUE).content.decode()
    assert 'aria-current="page">Held <span class="moderation-count">1</span>' in html
    assert 'Flagged <span class="moderation-count">1</span>' in html


def test_the_queue_shows_a_keyboard_legend_for_its_script(article):
    html = signed_in("Moderator").get(QUEUE).content.decode()
    assert "comments/moderation.js" in html and 'id="moderation-legend" hidden' in html
    assert "<kbd>j</kbd>" in html and "<kbd>a</kbd>" in html and "<kbd>r</kbd>" in html


def test_the_desk_counts_held_and_flagged_comments_for_moderators_only(article, reader):
    held(article, make_reader("Anna Reader", trusted=False))
    held(article, make_reader("Oleg", trusted=False))
    Comment.objects.create(article=article, author=reader, body="Flagged.", status="approved", flag_count=2)
    counts = plugins.desk_counts(user_of(signed_in("Moderator")))
    assert ("comments held for moderation", 2, "/admin/comments/?status=pending") in counts
    assert ("flagged comment", 1, "/admin/comments/?status=flagged") in counts
    reporter_counts = plugins.desk_counts(user_of(signed_in("Reporter")))
    assert not [label for label, _, _ in reporter_counts if "comment" in label]


def test_the_log_names_the_reader_and_the_article(article):
    anna = make_reader("Anna Reader", trusted=False)
    comment = held(article, anna, "Logged comment.")
    moderator = signed_in("Moderator")
    moderator.post(QUEUE, {"comment": [comment.pk], "action": "reject", "rule": Rule.OFF_TOPIC, "reason": "Elsewhere."})
    html = moderator.get("/admin/comments/log/").content.decode()
    assert "Anna Reader" in html and "Allies without a treaty" in html and "Elsewhere." in html


@pytest.mark.parametrize(
    "post",
    [
        {"action": "approve"},
        {"action": "reject", "rule": Rule.SPAM},
        {"action": "ban", "days": "7"},
        {"action": "pick"},
    ],
)
def test_a_reporter_can_neither_see_the_queue_nor_act_on_it(article, post):
    comment = held(article, make_reader("Anna Reader", trusted=False))
    reporter = signed_in("Reporter")
    # Wagtail answers a refused back-office page with a redirect to the dashboard and a message.
    assert reporter.get(QUEUE).status_code in (302, 403)
    assert reporter.get("/admin/comments/log/").status_code in (302, 403)
    assert reporter.post(QUEUE, {**post, "comment": [comment.pk]}).status_code in (302, 403)
    assert Comment.objects.get(pk=comment.pk).status == "pending" and not Ban.objects.exists()
    assert not Comment.objects.filter(is_pick=True).exists()


def test_queue_forms_carry_a_csrf_token_and_are_refused_without_one(article):
    comment = held(article, make_reader("Anna Reader", trusted=False))
    moderator = signed_in("Moderator")
    assert "csrfmiddlewaretoken" in moderator.get(QUEUE).content.decode()
    strict = Client(enforce_csrf_checks=True)
    strict.cookies = moderator.cookies
    assert strict.post(QUEUE, {"comment": [comment.pk], "action": "approve"}).status_code == 403
    assert Comment.objects.get(pk=comment.pk).status == "pending"
