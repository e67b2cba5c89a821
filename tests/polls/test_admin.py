from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from broadsheet.polls.models import Poll
from tests.newsroom.test_roles import signed_in


def poll_form(*options):
    return nested_form_data(
        {
            "question": "Which bridge should be rebuilt first?",
            "opens_at": "2026-01-01 09:00",
            "closes_at": "",
            "who_may_vote": "anyone",
            "results_shown": "after_voting",
            "network_limit": "10",
            "status": "draft",
            "options": inline_formset([{"text": text} for text in options], min=2, max=10),
        }
    )


def test_editor_creates_a_poll_with_ordered_options(db):
    response = signed_in("Editor").post(reverse("wagtailsnippets_polls_poll:add"), poll_form("North", "South"))
    assert response.status_code == 302
    poll = Poll.objects.get()
    assert [o.text for o in poll.options.all()] == ["North", "South"]


def test_poll_needs_between_two_and_ten_options(db):
    editor = signed_in("Editor")
    assert editor.post(reverse("wagtailsnippets_polls_poll:add"), poll_form("Only one")).status_code == 200
    eleven = [f"Bridge {n}" for n in range(11)]
    assert editor.post(reverse("wagtailsnippets_polls_poll:add"), poll_form(*eleven)).status_code == 200
    assert not Poll.objects.exists()


def test_an_option_with_votes_cannot_be_removed_and_nothing_changes(db):
    from broadsheet.identity import Reader
    from broadsheet.polls.factories import PollFactory
    from broadsheet.polls.services import cast_vote

    poll = PollFactory(question="Which bridge should be rebuilt first?", options=("North", "South", "East", "West"))
    north, south, east, west = poll.options.order_by("sort_order")
    cast_vote(poll_id=poll.pk, option_id=north.pk, reader=Reader.at("192.0.2.7"))
    data = poll_form()
    # Remove "North", which has a vote, and "East", which has none: the whole save is refused.
    rows = [
        {"id": north.pk, "text": "North", "ORDER": 1, "DELETE": 1},
        {"id": south.pk, "text": "South", "ORDER": 2},
        {"id": east.pk, "text": "East", "ORDER": 3, "DELETE": 1},
        {"id": west.pk, "text": "West", "ORDER": 4},
    ]
    data |= nested_form_data({"options": inline_formset(rows, initial=4, min=2, max=10)})
    response = signed_in("Editor").post(reverse("wagtailsnippets_polls_poll:edit", args=[poll.pk]), data)
    assert response.status_code == 200
    assert "“North” has 1 vote and cannot be removed" in response.content.decode()
    assert [o.text for o in poll.options.order_by("sort_order")] == ["North", "South", "East", "West"]
    assert north.ballots.count() == 1
