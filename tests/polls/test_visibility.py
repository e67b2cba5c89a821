"""A poll is public only once an article carrying it is visible, or an editor publishes it on its own."""

from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from broadsheet.newsroom.factories import create_article
from broadsheet.polls.factories import PollFactory
from broadsheet.polls.models import Poll

READER_URLS = ["polls:page", "polls:embed", "polls:fragment", "polls:results"]


@pytest.fixture
def draft_poll(db):
    return PollFactory(question="Should the bridge be rebuilt?", status=Poll.Status.DRAFT, results_shown="always")


def answers(client, poll):
    """Return the status of every reader URL of the poll, the vote included."""
    codes = {name: client.get(reverse(name, args=[poll.pk])).status_code for name in READER_URLS}
    option = poll.options.first()
    codes["vote"] = client.post(reverse("polls:vote", args=[poll.pk]), {"option": option.pk}).status_code
    return codes


def test_a_draft_poll_is_answered_exactly_like_an_unknown_one(client, draft_poll):
    unknown = Poll(pk=draft_poll.pk + 1000)
    for name in READER_URLS:
        hidden = client.get(reverse(name, args=[draft_poll.pk]))
        missing = client.get(reverse(name, args=[unknown.pk]))
        assert hidden.status_code == missing.status_code == 404, name
    vote = client.post(reverse("polls:vote", args=[draft_poll.pk]), {"option": draft_poll.options.first().pk})
    assert vote.status_code == 404
    assert draft_poll.ballots.count() == 0
    assert "Should the bridge" not in client.get(reverse("polls:page", args=[draft_poll.pk])).content.decode()


def test_a_poll_in_a_draft_article_stays_hidden_until_the_article_is_published(
    client, world, author, draft_poll, committed
):
    article = create_article(world, "Bridge story", authors=[author], body=[("poll", draft_poll)], publish=False)
    assert set(answers(client, draft_poll).values()) == {404}
    with committed():
        article.get_latest_revision().publish()
    codes = answers(client, draft_poll)
    assert codes["vote"] == 303 and {codes[n] for n in READER_URLS} == {200}
    assert "Bridge story" in client.get(reverse("polls:page", args=[draft_poll.pk])).content.decode()


def test_unpublishing_the_article_hides_its_poll_again(client, make_article, draft_poll, committed):
    article = make_article("Bridge story", body=[("poll", draft_poll)])
    assert client.get(reverse("polls:page", args=[draft_poll.pk])).status_code == 200
    with committed():
        article.unpublish()
    assert client.get(reverse("polls:page", args=[draft_poll.pk])).status_code == 404


def test_votes_stop_the_moment_the_article_is_made_private_and_resume_when_it_is_public(
    client, make_article, draft_poll, committed
):
    from wagtail.models import PageViewRestriction

    article = make_article("Bridge story", body=[("poll", draft_poll)])
    option = draft_poll.options.first()

    def vote():
        return Client().post(reverse("polls:vote", args=[draft_poll.pk]), {"option": option.pk}).status_code

    assert vote() == 303  # what voting knows of the poll is now read and kept
    with committed():
        restriction = PageViewRestriction.objects.create(page=article, restriction_type="login")
    assert vote() == 404
    with committed():
        restriction.delete()
    assert vote() == 303
    assert draft_poll.ballots.count() == 2


def test_a_poll_removed_from_the_published_article_is_hidden(client, make_article, draft_poll, committed):
    article = make_article("Bridge story", body=[("poll", draft_poll)])
    article.body = [("paragraph", "<p>The poll was taken out.</p>")]
    with committed():
        article.save_revision().publish()
    assert client.get(reverse("polls:page", args=[draft_poll.pk])).status_code == 404


def test_an_embargoed_articles_poll_is_404_before_go_live_and_public_after(
    client, world, author, draft_poll, committed
):
    go_live = timezone.now() + timedelta(hours=6)
    article = create_article(world, "Embargoed story", authors=[author], body=[("poll", draft_poll)], publish=False)
    article.go_live_at = go_live
    article.save_revision().publish()  # scheduled: Wagtail keeps it unpublished until go_live_at
    article.refresh_from_db()
    assert not article.live
    assert set(answers(client, draft_poll).values()) == {404}

    with time_machine.travel(go_live - timedelta(minutes=1)):
        call_command("publish_scheduled")
        assert client.get(reverse("polls:embed", args=[draft_poll.pk])).status_code == 404
    with time_machine.travel(go_live + timedelta(minutes=1)):
        with committed():  # the scheduler's transaction ends, and with it what readers knew of the poll
            call_command("publish_scheduled")
        codes = answers(client, draft_poll)
        assert {codes[n] for n in READER_URLS} == {200} and codes["vote"] == 303


def test_an_article_published_with_a_future_date_keeps_its_poll_hidden_until_then(client, world, author, draft_poll):
    later = timezone.now() + timedelta(days=1)
    create_article(world, "Imported", authors=[author], body=[("poll", draft_poll)], published_at=later)
    option = draft_poll.options.first()

    def vote():
        return Client().post(reverse("polls:vote", args=[draft_poll.pk]), {"option": option.pk}).status_code

    assert client.get(reverse("polls:page", args=[draft_poll.pk])).status_code == 404
    assert vote() == 404  # and what voting knows of the poll is now kept
    with time_machine.travel(later + timedelta(minutes=1)):
        assert client.get(reverse("polls:page", args=[draft_poll.pk])).status_code == 200
        assert vote() == 303  # the clock alone made it public: nothing was invalidated


def test_an_editor_publishes_a_poll_on_its_own(client, draft_poll):
    from tests.newsroom.test_roles import signed_in
    from tests.polls.test_admin import edit_data

    editor = signed_in("Editor")
    response = editor.post(
        reverse("wagtailsnippets_polls_poll:edit", args=[draft_poll.pk]),
        edit_data(editor, draft_poll, status="published"),
    )
    assert response.status_code == 302
    assert client.get(reverse("polls:page", args=[draft_poll.pk])).status_code == 200


def test_the_articles_preview_shows_its_unpublished_polls_options_to_the_editor(world, author, draft_poll):
    article = create_article(world, "Bridge story", authors=[author], body=[("poll", draft_poll)], publish=False)
    preview = article.get_latest_revision_as_object()
    response = preview.make_preview_request()
    html = response.content.decode()
    assert response.status_code == 200
    for option in draft_poll.options.all():
        assert option.text in html
    assert "readers vote here on the published article" in html
    assert reverse("polls:fragment", args=[draft_poll.pk]) not in html  # it would answer 404 until then
