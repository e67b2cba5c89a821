"""The live desk in the back office, over HTTP as signed-in staff: post, publish, correct, delete, coverage."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from broadsheet.live import services
from broadsheet.live.factories import create_live_page
from broadsheet.live.models import LiveEntry, LivePage
from broadsheet.newsroom import plugins
from broadsheet.newsroom.factories import paragraphs_body
from tests.staff.helpers import force_login_with_second_factor

from .conftest import staff


def signed_in(user):
    return force_login_with_second_factor(Client(), user)


@pytest.fixture
def editor(editor_user):
    client = signed_in(editor_user)
    client.user = editor_user
    return client


@pytest.fixture
def reporter(reporter_user):
    client = signed_in(reporter_user)
    client.user = reporter_user
    return client


def desk_url(page):
    return reverse("live_desk", args=[page.pk])


def post_entry(client, page, text, committed, **fields):
    with committed():
        return client.post(desk_url(page), {"text": text, **fields})


def reader_page(client, page):
    response = Client().get(page.url)
    assert response.status_code == 200
    return response.content.decode()


def test_an_editors_entry_is_live_at_once_and_on_the_reader_page(editor, live_page, committed, author):
    desk = editor.get(desk_url(live_page))
    assert desk.status_code == 200
    html = desk.content.decode()
    assert re.search(r"<textarea[^>]*name=\"text\"", html) and ">Publish</button>" in html
    response = post_entry(
        editor,
        live_page,
        "The leaders shook hands.\n\nThen they went in.",
        committed,
        title="Handshake",
        author=author.pk,
        key_event="on",
    )
    assert response.status_code == 302 and response["Location"] == desk_url(live_page)
    entry = LiveEntry.objects.get(page=live_page)
    assert entry.status == LiveEntry.Status.PUBLISHED and entry.key_event and entry.author == author
    assert [block.block_type for block in entry.body] == ["paragraph", "paragraph"]
    followed = editor.get(response["Location"])
    text = followed.content.decode()
    assert "Published." in text and "The leaders shook hands." in text
    page = reader_page(editor, live_page)
    assert "The leaders shook hands." in page and "Then they went in." in page and "Handshake" in page


def test_the_newest_entry_is_at_the_top_of_the_desk(editor, live_page, committed):
    for text in ("First report.", "Second report.", "Third report."):
        post_entry(editor, live_page, text, committed)
    html = editor.get(desk_url(live_page)).content.decode()
    assert html.index("Third report.") < html.index("Second report.") < html.index("First report.")


def test_a_reporters_entry_waits_until_an_editor_publishes_it(reporter, editor, live_page, committed):
    desk = reporter.get(desk_url(live_page)).content.decode()
    assert ">Send to an editor</button>" in desk and ">Publish</button>" not in desk
    response = post_entry(reporter, live_page, "Motorcade seen leaving the hotel.", committed)
    assert response.status_code == 302
    entry = LiveEntry.objects.get(page=live_page)
    assert entry.status == LiveEntry.Status.SUBMITTED and entry.version == 0
    assert "Motorcade seen" not in reader_page(editor, live_page)
    assert "Motorcade seen" not in Client().get(live_page.url + "updates/").content.decode()
    # The reporter cannot publish it themselves.
    publish = reverse("live_publish", args=[live_page.pk, entry.pk])
    assert reporter.post(publish).status_code == 403
    editors_desk = editor.get(desk_url(live_page)).content.decode()
    assert "Waiting for an editor" in editors_desk and f'action="{publish}"' in editors_desk
    with committed():
        assert editor.post(publish).status_code == 302
    entry.refresh_from_db()
    assert entry.status == LiveEntry.Status.PUBLISHED and entry.version == 1
    assert "Motorcade seen leaving the hotel." in reader_page(editor, live_page)


def test_a_reporter_may_not_correct_or_delete_others_entries(
    reporter, editor_user, reporter_user, live_page, committed
):
    with committed():
        published = services.add_entry(live_page, editor_user, body=paragraphs_body(["An editor's entry."]))
    other = services.add_entry(live_page, staff("Reporter"), body=paragraphs_body(["Another reporter's entry."]))
    mine = services.add_entry(live_page, reporter_user, body=paragraphs_body(["My entry."]))
    for entry in (published, other):
        assert reporter.get(reverse("live_edit", args=[live_page.pk, entry.pk])).status_code == 403
        assert reporter.post(reverse("live_edit", args=[live_page.pk, entry.pk]), {}).status_code == 403
        assert reporter.get(reverse("live_delete", args=[live_page.pk, entry.pk])).status_code == 403
        assert reporter.post(reverse("live_delete", args=[live_page.pk, entry.pk])).status_code == 403
    assert LiveEntry.objects.filter(page=live_page).count() == 3
    # Their own waiting entry is theirs to take back.
    assert reporter.post(reverse("live_delete", args=[live_page.pk, mine.pk])).status_code == 302
    assert not LiveEntry.objects.filter(pk=mine.pk).exists()


def edit_form(entry, text, **extra):
    return nested_form_data(
        {
            "title": entry.title,
            "body": streamfield([("paragraph", rich_text(f"<p>{text}</p>"))]),
            "author": entry.author_id or "",
            **extra,
        }
    )


def test_a_correction_shows_corrected_with_the_note_on_the_reader_page(editor, editor_user, live_page, committed):
    with committed():
        entry = services.add_entry(live_page, editor_user, body=paragraphs_body(["Talks lasted three hours."]))
    url = reverse("live_edit", args=[live_page.pk, entry.pk])
    form = editor.get(url)
    assert form.status_code == 200 and 'name="correction_note"' in form.content.decode()
    # The note is asked for: without it nothing changes.
    missing = editor.post(url, edit_form(entry, "Talks lasted two hours."))
    assert missing.status_code == 400 and "This field is required." in missing.content.decode()
    entry.refresh_from_db()
    assert entry.corrected_at is None
    with committed():
        response = editor.post(
            url, edit_form(entry, "Talks lasted two hours.", correction_note="We said three hours; it was two.")
        )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.corrected_at is not None and entry.version == 2
    page = reader_page(editor, live_page)
    assert "Talks lasted two hours." in page and "three hours." not in page.replace("We said three hours", "")
    assert "Corrected" in page and "We said three hours; it was two." in page


def test_the_edit_form_offers_the_article_body_blocks(editor, editor_user, live_page):
    entry = services.add_entry(live_page, editor_user, body=paragraphs_body(["An entry."]), publish=False)
    html = editor.get(reverse("live_edit", args=[live_page.pk, entry.pk])).content.decode()
    # The StreamField's own editor, with its scripts, and every block an article has (polls included).
    assert "wagtailadmin/js/telepath" in html or "telepath" in html
    for block in ("quote", "image", "embed", "poll"):
        assert f'"{block}"' in html or f"&quot;{block}&quot;" in html, block
    assert 'name="correction_note"' not in html


def test_a_deleted_entry_leaves_the_reader_page_and_the_updates_mark_it(editor, editor_user, live_page, committed):
    with committed():
        entry = services.add_entry(live_page, editor_user, body=paragraphs_body(["A rumour, it turns out."]))
    url = reverse("live_delete", args=[live_page.pk, entry.pk])
    confirm = editor.get(url)
    assert confirm.status_code == 200 and "Yes, delete the entry" in confirm.content.decode()
    assert LiveEntry.objects.get(pk=entry.pk).status == LiveEntry.Status.PUBLISHED  # asking changes nothing
    with committed():
        assert editor.post(url).status_code == 302
    assert "A rumour, it turns out." not in reader_page(editor, live_page)
    updates = Client().get(live_page.url + "updates/").content.decode()
    assert re.search(rf'id="entry-{entry.pk}"[^>]*data-state="deleted"', updates), updates


def test_one_entry_is_pinned_at_a_time(editor, live_page, committed):
    post_entry(editor, live_page, "Pinned first.", committed, pinned="on")
    post_entry(editor, live_page, "Pinned second.", committed, pinned="on")
    pinned = LiveEntry.objects.filter(page=live_page, pinned=True)
    assert [e.plain_text() for e in pinned] == ["Pinned second."]
    assert "Pinned first." in reader_page(editor, live_page)


def test_an_editor_starts_and_ends_the_coverage(editor, world, author, committed):
    with committed():
        page = create_live_page(world, "Live: the count", authors=[author], coverage_status="upcoming")
    url = reverse("live_coverage", args=[page.pk])
    with committed():
        assert editor.post(url, {"action": "start"}).status_code == 302
    page = LivePage.objects.get(pk=page.pk)
    assert page.coverage_status == "live" and page.coverage_start and not page.has_unpublished_changes
    assert page.live_revision.as_object().coverage_status == "live"
    with committed():
        assert editor.post(url, {"action": "end"}).status_code == 302
    page = LivePage.objects.get(pk=page.pk)
    assert page.coverage_status == "ended" and page.coverage_end >= page.coverage_start
    assert editor.post(url, {"action": "pause"}).status_code == 302
    assert LivePage.objects.get(pk=page.pk).coverage_status == "ended"


def test_ending_the_coverage_keeps_an_editors_draft_a_draft(editor, editor_user, live_page, committed):
    draft = live_page.get_latest_revision_as_object()
    draft.standfirst = "A new standfirst not yet published."
    draft.save_revision(user=editor_user)
    with committed():
        editor.post(reverse("live_coverage", args=[live_page.pk]), {"action": "end"})
    page = LivePage.objects.get(pk=live_page.pk)
    assert page.coverage_status == "ended" and page.standfirst != "A new standfirst not yet published."
    assert page.has_unpublished_changes
    latest = page.get_latest_revision_as_object()
    assert latest.standfirst == "A new standfirst not yet published." and latest.coverage_status == "ended"


def test_a_reporter_may_not_start_or_end_coverage(reporter, live_page):
    assert "End coverage" not in reporter.get(desk_url(live_page)).content.decode()
    assert reporter.post(reverse("live_coverage", args=[live_page.pk]), {"action": "end"}).status_code == 403
    assert LivePage.objects.get(pk=live_page.pk).coverage_status == "live"


@pytest.mark.parametrize(
    "fields, field",
    [
        ({}, "text"),
        ({"text": ""}, "text"),
        ({"text": "   \n  "}, "text"),
        ({"text": "Fine.", "title": "x" * 201}, "title"),
    ],
)
def test_bad_input_is_refused_next_to_its_field_and_changes_nothing(editor, live_page, fields, field):
    response = editor.post(desk_url(live_page), fields)
    assert response.status_code == 400
    html = response.content.decode()
    assert "The entry was not posted" in html
    assert re.search(r"error-message|w-field__errors", html)
    assert not LiveEntry.objects.exists()


def test_staff_without_edit_permission_are_refused(live_page):
    moderator = signed_in(staff("Moderator"))
    assert moderator.get(desk_url(live_page)).status_code == 403
    assert moderator.post(desk_url(live_page), {"text": "Not mine to post."}).status_code == 403
    assert not LiveEntry.objects.exists()


def test_an_entry_of_another_live_blog_is_not_found(editor, editor_user, live_page, world, author, committed):
    with committed():
        other = create_live_page(world, "Live: another story", authors=[author])
        entry = services.add_entry(other, editor_user, body=paragraphs_body(["Elsewhere."]))
    for name in ("live_edit", "live_delete", "live_publish", "live_break_out"):
        assert editor.post(reverse(name, args=[live_page.pk, entry.pk])).status_code == 404, name
    assert editor.get(reverse("live_desk", args=[999999])).status_code == 404


def test_posts_without_the_csrf_token_are_refused(editor_user, live_page):
    client = Client(enforce_csrf_checks=True)
    force_login_with_second_factor(client, editor_user)
    assert client.post(desk_url(live_page), {"text": "No token."}).status_code == 403
    assert not LiveEntry.objects.exists()


def test_the_desk_count_shows_entries_waiting_for_editors(editor_user, reporter_user, live_page, world, author):
    other = create_live_page(world, "Live: markets", authors=[author])
    for page, text in ((live_page, "One."), (live_page, "Two."), (other, "Three.")):
        services.add_entry(page, reporter_user, body=paragraphs_body([text]))
    services.add_entry(live_page, editor_user, body=paragraphs_body(["Published at once."]))
    counts = {label: (number, url) for label, number, url in plugins.desk_counts(editor_user)}
    assert counts["live entries to publish"] == (3, reverse("live_blogs"))
    assert "live entries to publish" not in {label for label, _, _ in plugins.desk_counts(reporter_user)}
    listing = signed_in(editor_user).get(reverse("live_blogs")).content.decode()
    assert "Live: markets" in listing and "Live: leaders meet at the summit" in listing


def test_the_live_desk_is_linked_from_the_page_explorer_and_editor(editor, live_page):
    desk = desk_url(live_page)
    assert desk in editor.get(reverse("wagtailadmin_explore", args=[live_page.get_parent().pk])).content.decode()
    assert desk in editor.get(reverse("wagtailadmin_pages:edit", args=[live_page.pk])).content.decode()


def test_a_deleted_entry_cannot_be_edited_or_deleted_again(editor, editor_user, live_page, committed):
    with committed():
        entry = services.add_entry(live_page, editor_user, body=paragraphs_body(["Taken down."]))
        services.delete_entry(entry, editor_user)
    for name in ("live_edit", "live_delete"):
        assert editor.get(reverse(name, args=[live_page.pk, entry.pk])).status_code == 404
        assert editor.post(reverse(name, args=[live_page.pk, entry.pk])).status_code == 404
    entry.refresh_from_db()
    assert entry.status == LiveEntry.Status.DELETED  # the tombstone stays for readers' open pages


def test_coverage_of_an_unpublished_live_blog_is_not_started(editor, world, author, committed):
    with committed():
        draft = create_live_page(
            world, "Live: not out yet", authors=[author], publish=False, coverage_status="upcoming"
        )
    response = editor.post(reverse("live_coverage", args=[draft.pk]), {"action": "start"}, follow=True)
    assert "Publish the live blog first" in response.content.decode()
    draft = LivePage.objects.get(pk=draft.pk)
    assert not draft.live and draft.coverage_status == "upcoming"


def test_a_reporter_edits_their_own_waiting_entry(reporter, reporter_user, live_page):
    entry = services.add_entry(live_page, reporter_user, body=paragraphs_body(["Crowd of 200."]))
    url = reverse("live_edit", args=[live_page.pk, entry.pk])
    assert 'name="correction_note"' not in reporter.get(url).content.decode()
    assert reporter.post(url, edit_form(entry, "Crowd of about 300.")).status_code == 302
    entry.refresh_from_db()
    assert entry.plain_text() == "Crowd of about 300." and entry.status == LiveEntry.Status.SUBMITTED
    assert entry.corrected_at is None


def test_the_desk_asks_the_database_as_much_for_sixty_entries_as_for_four(
    editor, editor_user, reporter_user, live_page
):
    counts = []
    for each in (2, 30):
        for n in range(each):
            services.add_entry(live_page, editor_user, body=paragraphs_body([f"Published {n}."]))
            services.add_entry(live_page, reporter_user, body=paragraphs_body([f"Waiting {n}."]))
        with CaptureQueriesContext(connection) as queries:
            assert editor.get(desk_url(live_page)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
