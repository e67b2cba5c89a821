"""Deciding first sightings in batches (the embedded default, without Redis), on SQLite and PostgreSQL."""

from datetime import UTC, datetime

from broadsheet.metrics.models import HourlyViews, Referral, SeenReader, ViewTotal
from broadsheet.metrics.services import sightings
from broadsheet.metrics.sightings import first_sightings, mark_of

WINDOW = 30 * 60
NOON = int(datetime(2026, 11, 28, 12, 0, tzinfo=UTC).timestamp())


def test_a_mark_counts_once_within_the_window_and_again_after_it(db):
    mark = mark_of(7, "visitor")
    assert first_sightings({mark: NOON}, WINDOW) == {mark}
    assert first_sightings({mark: NOON + 60}, WINDOW) == set()
    assert first_sightings({mark: NOON + WINDOW - 1}, WINDOW) == set()
    assert first_sightings({mark: NOON + WINDOW}, WINDOW) == {mark}
    assert SeenReader.objects.get(mark=mark).seen_at == NOON + WINDOW


def test_batches_larger_than_one_statement_return_every_new_mark(db):
    marks = {mark_of(n, "v"): NOON for n in range(1, 1201)}
    assert first_sightings(marks, WINDOW) == set(marks)
    assert first_sightings(marks, WINDOW) == set()


def test_repeat_sightings_in_one_batch_count_once_with_their_referrer(make_article):
    article = make_article("Counted in batches")
    mark = mark_of(article.pk, "reader-a")
    other = mark_of(article.pk, "reader-b")
    sightings.write(
        {
            (mark, article.pk, NOON + 5, ""): 1,
            (mark, article.pk, NOON, "news.example.net"): 1,
            (other, article.pk, NOON + 3600, ""): 1,
            (mark_of(999999, "x"), 999999, NOON, ""): 1,  # an article deleted before the flush
        }
    )
    assert ViewTotal.objects.get(article=article).views == 2
    hours = sorted(HourlyViews.objects.filter(article=article).values_list("hour", "views"))
    assert hours == [(datetime(2026, 11, 28, 12, tzinfo=UTC), 1), (datetime(2026, 11, 28, 13, tzinfo=UTC), 1)]
    assert list(Referral.objects.values_list("domain", "views")) == [("news.example.net", 1)]
    sightings.write({(mark, article.pk, NOON + 600, ""): 1})
    assert ViewTotal.objects.get(article=article).views == 2
