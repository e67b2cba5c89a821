"""Counting a reader once per thing and half hour, and a network's readers up to its share, decided in batches."""

import time
from datetime import UTC, datetime, timedelta

import pytest

from broadsheet.counting import sightings
from broadsheet.counting.models import SeenReader
from broadsheet.counting.sightings import Sightings, first_sightings, forget_when_due, mark_of
from broadsheet.identity import Reader

WINDOW = 30 * 60
NOON = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"

counted = []
# Two kinds of things, as views and clicks are: made once, as the apps make theirs at import.
things = Sightings("tests.things", counted.extend)
other_things = Sightings("tests.other-things", counted.extend)


def chrome(n):
    """Return the user agent of the n-th browser build (what a script rotating user agents sends)."""
    return BROWSER.replace("Chrome/131.0", f"Chrome/131.0.{n}")


def reader(address, n=0):
    return Reader.at(address, user_agent=chrome(n))


def counts():
    """Flush both kinds and return how many sightings of each (kind, thing) were counted."""
    counted.clear()
    things.buffer.flush()
    found = {}
    for thing_id, _, _ in counted:
        found[thing_id] = found.get(thing_id, 0) + 1
    return found


@pytest.fixture(autouse=True)
def nothing_noted(db):
    for kind in (things, other_things):
        kind.buffer.done(kind.buffer.take()[1])
    counted.clear()


def test_a_mark_counts_once_within_the_window_and_again_after_it():
    noon = int(NOON.timestamp())
    mark = mark_of(7, "visitor")
    assert first_sightings({mark: noon}, WINDOW) == {mark}
    assert first_sightings({mark: noon + 60}, WINDOW) == set()
    assert first_sightings({mark: noon + WINDOW - 1}, WINDOW) == set()
    assert first_sightings({mark: noon + WINDOW}, WINDOW) == {mark}
    assert SeenReader.objects.get(mark=mark).seen_at == noon + WINDOW


def test_batches_larger_than_one_statement_return_every_new_mark():
    marks = {mark_of(n, "v"): int(NOON.timestamp()) for n in range(1, 1201)}
    assert first_sightings(marks, WINDOW) == set(marks)
    assert first_sightings(marks, WINDOW) == set()


def test_a_readers_repeat_sightings_count_once_with_the_detail_noted_first():
    one, another = reader("203.0.113.8"), reader("203.0.113.9")
    things.note(thing_id=1, reader=one, now=NOON + timedelta(seconds=5))
    things.note(thing_id=1, reader=one, now=NOON, detail="news.example.net")
    things.note(thing_id=1, reader=another, now=NOON + timedelta(hours=1))
    things.buffer.flush()
    assert sorted(counted) == [(1, NOON, "news.example.net"), (1, NOON + timedelta(hours=1), "")]
    things.note(thing_id=1, reader=one, now=NOON + timedelta(minutes=10))
    assert counts() == {}
    things.note(thing_id=1, reader=one, now=NOON + timedelta(minutes=31))
    assert counts() == {1: 1}


def test_one_network_adds_at_most_its_share_to_each_thing_in_a_window(settings):
    settings.READERS_COUNTED_PER_NETWORK = 5
    for n in range(60):
        things.note(thing_id=1, reader=reader("203.0.113.20", n), now=NOON)
        things.note(thing_id=2, reader=reader("203.0.113.20", n), now=NOON)
    assert counts() == {1: 5, 2: 5}
    # Its share is per network: a reader elsewhere still counts, and the next half hour is a new share.
    things.note(thing_id=1, reader=reader("198.51.100.30"), now=NOON)
    assert counts() == {1: 1}
    things.note(thing_id=1, reader=reader("203.0.113.20", 999), now=NOON + timedelta(minutes=31))
    assert counts() == {1: 1}


def test_a_share_is_counted_once_when_flushes_decide_the_same_network_one_after_another(settings):
    settings.READERS_COUNTED_PER_NETWORK = 3
    total = 0
    for batch in range(3):
        for n in range(4):
            things.note(thing_id=1, reader=reader("203.0.113.40", batch * 10 + n), now=NOON + timedelta(minutes=batch))
        total += counts().get(1, 0)
    assert total == 3


def test_networks_on_the_allowlist_are_not_capped(settings):
    settings.READERS_COUNTED_PER_NETWORK = 2
    settings.POLL_NETWORK_ALLOWLIST = ["192.0.2.0/24"]
    for n in range(5):
        things.note(thing_id=1, reader=reader("192.0.2.7", n), now=NOON)
    assert counts() == {1: 5}


def test_kinds_of_things_are_counted_apart(settings):
    # A reader seeing article 1 and clicking link 1 is two first sightings, each in its own share.
    settings.READERS_COUNTED_PER_NETWORK = 2
    for n in range(4):
        things.note(thing_id=1, reader=reader("203.0.113.50", n), now=NOON)
        other_things.note(thing_id=1, reader=reader("203.0.113.50", n), now=NOON)
    assert counts() == {1: 2}
    counted.clear()
    other_things.buffer.flush()
    assert len(counted) == 2


def test_marks_are_forgotten_once_their_window_is_over(monkeypatch):
    now = int(time.time())
    first_sightings({"old": now - WINDOW - 1, "recent": now - 60}, WINDOW)
    monkeypatch.setattr(sightings, "_pruned_at", 0.0)  # the last pruning was long ago
    forget_when_due()
    assert list(SeenReader.objects.values_list("mark", flat=True)) == ["recent"]
