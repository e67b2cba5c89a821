"""The live desk's services directly: sequence numbers under concurrency, and their refusals."""

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from broadsheet.live import services
from broadsheet.live.factories import create_live_page
from broadsheet.live.models import LiveEntry, LivePage, current_version
from broadsheet.newsroom.factories import paragraphs_body

from .conftest import staff

ENTRIES_EACH = 10


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_editors_adding_entries_at_once_get_distinct_gap_free_versions(world, author):
    page_id = create_live_page(world, "Live: election night", authors=[author]).pk
    editors = [staff("Editor"), staff("Editor")]
    start = threading.Barrier(len(editors))
    failures = []

    def write(editor):
        try:
            page = LivePage.objects.get(pk=page_id)  # each thread its own connection and objects
            start.wait(timeout=30)
            for n in range(ENTRIES_EACH):
                services.add_entry(page, editor, body=paragraphs_body([f"{editor.username}: entry {n}."]))
        except Exception as error:  # reported below: an exception in a thread would otherwise vanish
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(editor,)) for editor in editors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not failures and not any(thread.is_alive() for thread in threads)
    entries = LiveEntry.objects.filter(page_id=page_id)
    total = ENTRIES_EACH * len(editors)
    assert sorted(entries.values_list("version", flat=True)) == list(range(1, total + 1))
    assert current_version(page_id) == total
    # Both editors' entries interleave in the one sequence, each editor's in the order written.
    for editor in editors:
        mine = entries.filter(written_by=editor).order_by("version")
        assert [e.plain_text() for e in mine] == [f"{editor.username}: entry {n}." for n in range(ENTRIES_EACH)]


def test_an_empty_entry_is_refused(live_page, editor_user):
    with pytest.raises(ValidationError):
        services.add_entry(live_page, editor_user, body=services.paragraphs_of("  \n\n  "))
    assert not LiveEntry.objects.exists()


def test_only_editors_start_or_end_coverage(live_page, reporter_user, editor_user, committed):
    with pytest.raises(PermissionDenied):
        services.end_coverage(live_page, reporter_user)
    with committed():
        page = services.end_coverage(live_page, editor_user)
    assert page.coverage_status == LivePage.Status.ENDED and page.coverage_end is not None
    with committed():
        page = services.start_coverage(page, editor_user)
    assert page.coverage_status == LivePage.Status.LIVE and page.coverage_end is None


def test_a_deleted_entry_cannot_be_broken_out(live_page, editor_user, committed):
    with committed():
        entry = services.add_entry(live_page, editor_user, body=paragraphs_body(["Gone."]))
        services.delete_entry(entry, editor_user)
    with pytest.raises(ValidationError):
        services.break_out(entry, editor_user)


def test_a_waiting_entry_broken_out_takes_no_version(live_page, reporter_user, committed):
    entry = services.add_entry(live_page, reporter_user, body=paragraphs_body(["Not out yet."]))
    with committed():
        article = services.break_out(entry, reporter_user)
    entry.refresh_from_db()
    assert entry.breakout_id == article.pk and entry.version == 0 and current_version(live_page.pk) == 0


def test_breakouts_of_entries_with_the_same_words_get_their_own_addresses(live_page, editor_user, committed):
    with committed():
        first, second = (
            services.add_entry(live_page, editor_user, body=paragraphs_body(["Polls close."])) for _ in range(2)
        )
        slugs = {services.break_out(first, editor_user).slug, services.break_out(second, editor_user).slug}
    assert slugs == {"polls-close", "polls-close-2"}
