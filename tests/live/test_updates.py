"""The shared updates fragment open pages poll: kept until an entry changes, the last 50 changes."""

import re

from django.core.cache import cache

from broadsheet.live import services
from broadsheet.live.models import LivePage
from broadsheet.newsroom.factories import paragraphs_body


def publish(page, user, text, **flags):
    return services.add_entry(page, user, body=paragraphs_body([text]), **flags)


def fragment(client, page):
    response = client.get(page.url + "updates/")
    assert response.status_code == 200
    return response.content.decode()


def versions_in(html):
    return [int(v) for v in re.findall(r'<article class="live-entry[^"]*" id="entry-\d+" data-version="(\d+)"', html)]


def test_a_second_poll_asks_the_database_nothing(client, live_page, editor_user, committed, django_assert_num_queries):
    with committed():
        publish(live_page, editor_user, "The first entry.")
    first = client.get(live_page.url + "updates/")
    with django_assert_num_queries(0):
        again = client.get(live_page.url + "updates/")
    assert again.content == first.content and again["X-Page-Cache"] == "hit"
    assert "s-maxage=1" in again["Cache-Control"]


def test_the_next_poll_after_a_publication_shows_the_entry(client, live_page, editor_user, committed):
    with committed():
        publish(live_page, editor_user, "The first entry.")
    before = fragment(client, live_page)
    assert 'data-version="1"' in before and "The second entry." not in before
    with committed():
        publish(live_page, editor_user, "The second entry.")
    after = fragment(client, live_page)
    assert '<div class="live-updates" data-version="2" data-oldest="0">' in after
    assert "The second entry." in after and versions_in(after) == [1, 2]


def test_the_fragment_carries_the_last_fifty_changes_and_names_the_oldest_it_left_out(
    client, live_page, editor_user, committed
):
    with committed():
        made = [publish(live_page, editor_user, f"Entry {number}.") for number in range(1, 53)]
        services.edit_entry(made[10], editor_user, body=paragraphs_body(["Entry 11, corrected."]))
    html = fragment(client, live_page)
    # 53 changes: a page holding version 3 or later can catch up from it; one holding 2 must reload.
    assert '<div class="live-updates" data-version="53" data-oldest="3">' in html
    assert versions_in(html) == [version for version in range(4, 54) if version != 11]
    assert "Entry 3." not in html and "Entry 4." in html
    # Entry 11 changed twice: it comes once, as it is now (version 53).
    assert html.count(f'id="entry-{made[10].pk}"') == 1 and "Entry 11, corrected." in html
    assert LivePage.UPDATES_WINDOW == 50


def test_a_deleted_entry_comes_as_an_empty_tombstone(client, live_page, editor_user, committed):
    with committed():
        entry = publish(live_page, editor_user, "A mistake.", key_event=True)
    with committed():
        services.delete_entry(entry, editor_user)
    html = fragment(client, live_page)
    tombstone = f'<article class="live-entry" id="entry-{entry.pk}" data-version="2" data-state="deleted" hidden>'
    assert tombstone + "</article>" in html
    assert "A mistake." not in html


def test_entries_waiting_for_an_editor_are_not_in_the_fragment(client, live_page, reporter_user, committed):
    with committed():
        services.add_entry(live_page, reporter_user, body=paragraphs_body(["Not yet checked."]))
    html = fragment(client, live_page)
    assert "Not yet checked." not in html and 'data-version="0"' in html


def test_the_fragment_carries_the_key_events_as_they_are_now(client, live_page, editor_user, committed):
    with committed():
        event = publish(live_page, editor_user, "Leaders sign the accord.", key_event=True, title="Accord signed")
        publish(live_page, editor_user, "Reporters wait outside.")
    html = fragment(client, live_page)
    keys = html.split('<template class="live-key-events-now">', 1)[1]
    assert f'href="{live_page.url}#entry-{event.pk}" data-page="1"' in keys and "Accord signed" in keys
    assert "Reporters wait outside." not in keys


def test_the_fragment_is_the_same_for_every_reader(client, live_page, editor_user, committed):
    with committed():
        publish(live_page, editor_user, "The first entry.")
    # Both rendered afresh (the cache emptied between): a copy kept from one cannot hide the other.
    client.force_login(editor_user)
    signed_in = client.get(live_page.url + "updates/")
    assert signed_in.get("X-Page-Cache") != "hit"
    cache.clear()
    client.logout()
    assert client.get(live_page.url + "updates/").content == signed_in.content
