import json

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry
from wagtail.test.utils.form_data import inline_formset, nested_form_data, querydict_from_html

from broadsheet.identity import Reader
from broadsheet.polls.factories import PollFactory
from broadsheet.polls.models import Correction, Poll
from broadsheet.polls.services import cast_vote
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


# Editorial control: who may change a poll, and how a voted poll's wording is corrected.

EDIT = "wagtailsnippets_polls_poll:edit"
CORRECT = "wagtailsnippets_polls_poll:correct"
CHOOSER_CREATE = "wagtailsnippetchoosers_polls_poll:create"


def edit_data(client, poll, **changes):
    """Return the poll's edit form exactly as the back office renders it for this user, with changes."""
    html = client.get(reverse(EDIT, args=[poll.pk])).content.decode()
    data = querydict_from_html(html, form_id="w-editor-form").copy()
    for key, value in changes.items():
        data[key] = value
    return data


def options_field(data, poll, text_by_old_text):
    """Set option texts in form data by their current text."""
    total = int(data["options-TOTAL_FORMS"])
    for n in range(total):
        old = data.get(f"options-{n}-text")
        if old in text_by_old_text:
            data[f"options-{n}-text"] = text_by_old_text[old]
    return data


@pytest.fixture
def voted_poll(db):
    poll = PollFactory(question="Could a partnership outweigh US influence?", options=("Yes", "No", "Too early"))
    yes = poll.options.get(text="Yes")
    for n in range(3):
        cast_vote(poll_id=poll.pk, option_id=yes.pk, reader=Reader.at(f"192.0.2.{n}", token=f"{n:032x}"))
    return poll


@pytest.mark.parametrize("role", ["Reporter", "Editor", "Administrator"])
def test_a_voted_polls_options_cannot_be_swapped_by_any_role(role, voted_poll):
    client = signed_in(role)
    data = options_field(edit_data(signed_in("Editor"), voted_poll), voted_poll, {"Yes": "No", "No": "Yes"})
    response = client.post(reverse(EDIT, args=[voted_poll.pk]), data)
    assert response.status_code in (200, 302, 403)
    assert [o.text for o in voted_poll.options.order_by("sort_order")] == ["Yes", "No", "Too early"]
    assert voted_poll.options.get(text="Yes").votes == 3


@pytest.mark.parametrize("role", ["Editor", "Administrator"])
def test_a_voted_polls_question_is_locked_with_a_message_pointing_to_correct_wording(role, voted_poll):
    client = signed_in(role)
    data = edit_data(client, voted_poll, question="A different question?")
    response = client.post(reverse(EDIT, args=[voted_poll.pk]), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Correct wording" in html
    # The page's title and header name the saved question, not the refused one.
    assert "<title>Editing: Could a partnership outweigh US influence? - Wagtail</title>" in html
    assert html.count("A different question?") == 1  # only in the field, as typed
    voted_poll.refresh_from_db()
    assert voted_poll.question == "Could a partnership outweigh US influence?"


def test_a_voted_polls_wording_is_shown_locked_before_anyone_types(voted_poll):
    html = signed_in("Editor").get(reverse(EDIT, args=[voted_poll.pk])).content.decode()
    question = html.split('name="question"', 1)[1].split(">", 1)[0]
    assert "readonly" in question
    first_option = html.split('name="options-0-text"', 1)[1].split(">", 1)[0]
    assert "readonly" in first_option
    assert "so its question and options are locked" in html


def test_an_editor_may_still_close_a_voted_poll(voted_poll):
    editor = signed_in("Editor")
    response = editor.post(
        reverse(EDIT, args=[voted_poll.pk]), edit_data(editor, voted_poll, closes_at="2026-01-02 10:00")
    )
    assert response.status_code == 302
    voted_poll.refresh_from_db()
    assert voted_poll.closes_at is not None


def test_a_reporter_edits_a_draft_poll(db):
    poll = PollFactory(question="Draft question?", status="draft")
    reporter = signed_in("Reporter")
    response = reporter.post(reverse(EDIT, args=[poll.pk]), edit_data(reporter, poll, question="Better question?"))
    assert response.status_code == 302
    poll.refresh_from_db()
    assert poll.question == "Better question?"
    entry = ModelLogEntry.objects.for_instance(poll).get(action="wagtail.edit")
    assert entry.user.groups.filter(name="Reporter").exists()


def test_a_reporter_cannot_change_a_public_poll_even_with_a_crafted_post(db):
    poll = PollFactory(question="Live question?")  # published on its own: readers see it
    data = edit_data(signed_in("Editor"), poll, question="Changed by a reporter?")
    response = signed_in("Reporter").post(reverse(EDIT, args=[poll.pk]), data)
    assert response.status_code in (200, 403)
    poll.refresh_from_db()
    assert poll.question == "Live question?"


def test_a_reporter_cannot_publish_a_poll_with_a_crafted_status(db):
    poll = PollFactory(question="Draft question?", status="draft")
    reporter = signed_in("Reporter")
    reporter.post(reverse(EDIT, args=[poll.pk]), edit_data(reporter, poll, status="published"))
    poll.refresh_from_db()
    assert poll.status == "draft"


def correction_form(poll, question=None, note="An earlier version misspelt an option.", **texts):
    data = {"question": question or poll.question, "note": note}
    for option in poll.options.all():
        data[f"option_{option.pk}"] = texts.get(option.text, option.text)
    return data


def test_an_editor_corrects_the_wording_openly_and_readers_see_the_correction(client, voted_poll):
    editor = signed_in("Editor")
    data = correction_form(voted_poll, **{"Too early": "It is too early to tell"})
    response = editor.post(reverse(CORRECT, args=[voted_poll.pk]), data)
    assert response.status_code == 302
    assert [o.text for o in voted_poll.options.order_by("sort_order")] == ["Yes", "No", "It is too early to tell"]
    assert voted_poll.options.get(text="Yes").votes == 3  # votes stay with their option
    correction = Correction.objects.get(poll=voted_poll)
    assert correction.corrected_by.groups.filter(name="Editor").exists()
    too_early = str(voted_poll.options.get(sort_order=2).pk)
    assert correction.before["options"][too_early] == "Too early"
    assert correction.after["options"][too_early] == "It is too early to tell"
    entry = ModelLogEntry.objects.for_instance(voted_poll).get(action="polls.correct_wording")
    assert entry.data["before"]["options"][too_early] == "Too early"

    page = client.get(reverse("polls:page", args=[voted_poll.pk])).content.decode()
    assert "An earlier version misspelt an option." in page and "Correction" in page
    history = editor.get(reverse("wagtailsnippets_polls_poll:history", args=[voted_poll.pk])).content.decode()
    assert "Corrected the wording" in history and entry.user.get_username() in history


def test_a_correction_that_changes_nothing_or_has_no_note_is_refused(voted_poll):
    editor = signed_in("Editor")
    unchanged = editor.post(reverse(CORRECT, args=[voted_poll.pk]), correction_form(voted_poll))
    assert unchanged.status_code == 400 and "Nothing was changed" in unchanged.content.decode()
    no_note = editor.post(reverse(CORRECT, args=[voted_poll.pk]), correction_form(voted_poll, note="", Yes="Yes!"))
    assert no_note.status_code == 400
    assert not Correction.objects.exists()
    assert voted_poll.options.filter(text="Yes").exists()


def test_a_reporter_cannot_correct_wording_even_with_a_crafted_post(voted_poll):
    reporter = signed_in("Reporter")
    assert reporter.get(reverse(CORRECT, args=[voted_poll.pk])).status_code in (302, 403)
    reporter.post(reverse(CORRECT, args=[voted_poll.pk]), correction_form(voted_poll, Yes="No", No="Yes"))
    assert [o.text for o in voted_poll.options.order_by("sort_order")] == ["Yes", "No", "Too early"]
    assert not Correction.objects.exists()


def test_an_administrator_corrects_wording_too(voted_poll):
    response = signed_in("Administrator").post(
        reverse(CORRECT, args=[voted_poll.pk]),
        correction_form(voted_poll, question="Could a partnership outweigh U.S. influence?"),
    )
    assert response.status_code == 302
    voted_poll.refresh_from_db()
    assert voted_poll.question.endswith("U.S. influence?")


def test_a_reporter_creates_a_poll_inside_the_articles_poll_chooser(db):
    response = signed_in("Reporter").post(
        reverse(CHOOSER_CREATE),
        {"question": "Which bridge first?", "option_lines": "North\n\nSouth\nEast ", "results_shown": "after_voting"},
    )
    answer = json.loads(response.content.decode())
    assert answer["step"] == "chosen"
    poll = Poll.objects.get(question="Which bridge first?")
    assert [o.text for o in poll.options.order_by("sort_order")] == ["North", "South", "East"]
    assert poll.status == "draft"  # public only with its article
    assert ModelLogEntry.objects.for_instance(poll).filter(action="wagtail.create").exists()


def test_a_chooser_poll_with_one_option_is_refused_with_a_message(db):
    response = signed_in("Reporter").post(
        reverse(CHOOSER_CREATE), {"question": "Only one?", "option_lines": "Yes", "results_shown": "after_voting"}
    )
    answer = json.loads(response.content.decode())
    assert answer["step"] == "reshow_creation_form"
    assert "two to ten options" in answer["htmlFragment"]
    assert not Poll.objects.exists()
