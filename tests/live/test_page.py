"""The live blog as a reader gets it from the server: order, pinning, key events, paging, times."""

import re
from datetime import UTC, timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from broadsheet.live import services
from broadsheet.live.models import LivePage
from broadsheet.newsroom.factories import create_article, paragraphs_body


def publish(page, user, text, **flags):
    return services.add_entry(page, user, body=paragraphs_body([text]), **flags)


def ids_in_order(html):
    return [int(pk) for pk in re.findall(r'<article class="live-entry[^"]*" id="entry-(\d+)"', html)]


@pytest.fixture
def entries(live_page, editor_user, committed):
    """25 entries, oldest first: the 3rd is a key event (so on page 2), the 24th a key event, the 10th pinned."""
    made = []
    with committed():
        for number in range(1, 26):
            flags = {"key_event": number in (3, 24), "pinned": number == 10}
            made.append(publish(live_page, editor_user, f"Entry number {number}.", title=f"Title {number}", **flags))
    return made


def test_entries_are_newest_first_with_the_pinned_entry_on_top_of_the_first_page_only(client, live_page, entries):
    pinned = entries[9]
    first = client.get(live_page.url).content.decode()
    expected = [pinned.pk] + [entry.pk for entry in reversed(entries) if entry != pinned][:20]
    assert ids_in_order(first) == expected
    assert first.count("Pinned</span>") == 1
    second = client.get(live_page.url + "?page=2").content.decode()
    assert ids_in_order(second) == [entry.pk for entry in reversed(entries) if entry != pinned][20:]
    assert "Pinned</span>" not in second


def test_key_event_links_lead_to_the_page_their_entry_is_on(client, live_page, entries):
    early, late = entries[2], entries[23]
    first = client.get(live_page.url).content.decode()
    assert f'href="#entry-{late.pk}"' in first
    assert f'href="{live_page.url}?page=2#entry-{early.pk}"' in first
    second = client.get(live_page.url + "?page=2").content.decode()
    assert f'href="#entry-{early.pk}"' in second
    # Back to the first page by its one address, not ?page=1.
    assert f'href="{live_page.url}#entry-{late.pk}"' in second
    # And each target is there.
    assert f'id="entry-{late.pk}"' in first and f'id="entry-{early.pk}"' in second


@pytest.mark.parametrize("number", ["abc", "0", "+1", "-2", "3", "99", "1.5"])
def test_a_page_of_entries_that_does_not_exist_is_not_found(client, live_page, entries, number):
    assert client.get(live_page.url, {"page": number}).status_code == 404


def test_paging_is_by_links_both_ways(client, live_page, entries):
    first = client.get(live_page.url).content.decode()
    assert 'rel="next" href="?page=2"' in first and "Page 1 of 2" in first
    second = client.get(live_page.url + "?page=2").content.decode()
    assert f'rel="prev" href="{live_page.url}"' in second and 'rel="next"' not in second


def test_a_corrected_entry_says_when_and_why(client, live_page, editor_user, committed):
    with committed():
        entry = publish(live_page, editor_user, "The talks end at 5.")
    with committed():
        services.edit_entry(
            entry, editor_user, body=paragraphs_body(["The talks end at 6."]), correction_note="the time was wrong"
        )
    html = client.get(live_page.url).content.decode()
    clock = timezone.localtime(entry.corrected_at).strftime("%H:%M")
    assert "The talks end at 6." in html and "The talks end at 5." not in html
    assert re.search(rf"Corrected <time datetime=\"[^\"]+\"[^>]*>{clock} GMT\+3</time>: the time was wrong", html)


def test_a_deleted_entry_is_gone_from_the_page(client, live_page, editor_user, committed):
    with committed():
        kept = publish(live_page, editor_user, "This one stays.")
        gone = publish(live_page, editor_user, "This one was a mistake.", key_event=True)
    with committed():
        services.delete_entry(gone, editor_user)
    html = client.get(live_page.url).content.decode()
    assert "This one was a mistake." not in html and f"entry-{gone.pk}" not in html
    assert ids_in_order(html) == [kept.pk]


def test_entry_times_are_machine_readable_and_in_the_newsroom_zone(client, live_page, editor_user, author, committed):
    with committed():
        entry = services.add_entry(
            live_page, editor_user, body=paragraphs_body(["Leaders arrive."]), author=author, key_event=True
        )
    html = client.get(live_page.url).content.decode()
    local = timezone.localtime(entry.published_at)
    utc = entry.published_at.astimezone(UTC).isoformat(timespec="milliseconds")
    assert f'<time datetime="{utc}"' in html
    # The newest entry's time, to the same millisecond: what an open page counts as new comes after it.
    assert f'data-newest="{utc}"' in html
    assert f">{local:%H:%M} GMT+3</time>" in html
    assert f'<p class="live-entry-author">{author.name}</p>' in html
    assert "Key event</span>" in html


def test_the_status_line_names_the_coverage_times_with_their_zone(client, world, committed):
    start = timezone.now().replace(hour=9, minute=30, second=0, microsecond=0) + timedelta(days=1)
    with committed():
        upcoming = create_article(
            world, "Live: the count", page_class=LivePage, coverage_status="upcoming", coverage_start=start
        )
        ended = create_article(world, "Live: ended", page_class=LivePage, coverage_status="ended", coverage_end=start)
        live = create_article(world, "Live: on air", page_class=LivePage, coverage_status="live", coverage_start=start)
    local = timezone.localtime(start)
    statuses = (
        (upcoming, "Upcoming</span> · starts"),
        (live, "Live</span> · started"),
        (ended, "Ended</span> · coverage ended"),
    )
    for page, words in statuses:
        html = client.get(page.url).content.decode()
        assert words in html
        assert f">{local:%H:%M} GMT+3, {local.day} {local:%B %Y}</time>" in html


def test_without_javascript_the_page_shows_no_button_and_asks_for_a_reload(client, live_page, entries):
    html = client.get(live_page.url).content.decode()
    assert '<button type="button" class="live-new" hidden></button>' in html
    assert 'role="status" aria-live="polite"' in html
    assert '<noscript><p class="live-hint">Reload the page' in html
    # On later pages the notice leads to the first page, where new entries are.
    second = client.get(live_page.url + "?page=2").content.decode()
    assert f'<a class="live-new" href="{live_page.url}" hidden></a>' in second


def test_the_live_script_and_styles_load_on_live_pages_only(client, live_page, world, committed):
    with committed():
        article = create_article(world, "An ordinary article")
    assert "live/live.js" in client.get(live_page.url).content.decode()
    ordinary = client.get(article.url).content.decode()
    assert "live/live.js" not in ordinary and "live/live.css" not in ordinary


def test_the_page_prints_the_same_for_every_reader(client, live_page, entries, editor_user):
    # Both rendered afresh (the cache emptied between): a copy kept from one cannot hide the other.
    client.force_login(editor_user)
    signed_in = client.get(live_page.url)
    assert signed_in.get("X-Page-Cache") != "hit"
    cache.clear()
    client.logout()
    assert client.get(live_page.url).content == signed_in.content
