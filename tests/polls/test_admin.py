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
