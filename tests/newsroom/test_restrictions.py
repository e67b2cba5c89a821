"""Private pages are read once per request, and never remembered past it."""

from contextlib import contextmanager

from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from wagtail.models import PageViewRestriction

from broadsheet.newsroom.models import ArticlePage
from broadsheet.newsroom.models.restrictions import restricted_paths


@contextmanager
def one_request():
    """Send the signals a request sends, keeping the test's connection open as Django's test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    request_started.send(sender=None)
    try:
        yield
    finally:
        request_finished.send(sender=None)
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def restrict(page):
    return PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.PASSWORD, password="x")


def test_outside_a_request_a_new_restriction_is_seen_at_once(make_article, world):
    article = make_article("Soon private")
    assert restricted_paths() == []
    restrict(world)
    assert restricted_paths() == [world.path]
    assert not ArticlePage.objects.visible().filter(pk=article.pk).exists()


def test_inside_a_request_the_answer_is_read_once(make_article, world, django_assert_num_queries):
    make_article("Public")
    with one_request(), django_assert_num_queries(2):
        restricted_paths()
        list(ArticlePage.objects.visible())
        restricted_paths()


def test_a_restriction_made_during_a_request_is_seen_by_the_rest_of_it(world):
    with one_request():
        assert restricted_paths() == []
        restrict(world)
        assert restricted_paths() == [world.path]


def test_the_next_request_reads_again(world):
    with one_request():
        assert restricted_paths() == []
    # Another process restricted the section meanwhile (no signal reached this one).
    PageViewRestriction.objects.bulk_create(
        [PageViewRestriction(page=world, restriction_type=PageViewRestriction.PASSWORD, password="x")]
    )
    with one_request():
        assert restricted_paths() == [world.path]
