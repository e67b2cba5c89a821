"""One change, one invalidation: a request or a task that changes many things moves the epoch once.

Each move of the epoch sends the next request for every cached page to Django, and a page whose
keys changed is rendered again: a publish that invalidated its keys a dozen times one after the
other rendered the article a dozen times under load.
"""

from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from broadsheet.newsroom.models import ArticlePage
from broadsheet.pagecache import dependencies
from tests.newsroom.test_roles import add_url, article_form, edit_form, signed_in


@pytest.fixture
def epoch_moves(monkeypatch):
    """The settled epochs the page cache is given from now on, in order."""
    moves, cache = [], dependencies.cache

    class Watched:
        def __getattr__(self, name):
            return getattr(cache, name)

        def set(self, key, value, *args, **kwargs):
            if key == dependencies.EPOCH_KEY and not dependencies.is_settling(value):
                moves.append(value)
            return cache.set(key, value, *args, **kwargs)

    monkeypatch.setattr(dependencies, "cache", Watched())
    return moves


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_publishing_an_article_from_the_back_office_moves_the_epoch_once(world, author, epoch_moves):
    editor = signed_in("Editor")
    editor.post(add_url(world), article_form(author))
    draft = ArticlePage.objects.get(slug="filed-from-the-newsroom")
    data = edit_form(editor, draft, title="Published at deadline", **{"action-publish": "action-publish"})
    epoch_moves.clear()
    response = editor.post(reverse("wagtailadmin_pages:edit", args=(draft.pk,)), data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.live
    assert len(epoch_moves) == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_stories_going_live_on_the_same_minute_move_the_epoch_once(make_article, epoch_moves):
    go_live = timezone.now() + timedelta(hours=1)
    titles = ("Polls close in the capital", "Turnout passes sixty per cent")
    for title in titles:
        article = make_article(title, publish=False)
        article.go_live_at = go_live
        article.save_revision().publish()  # a future go_live_at schedules
    assert not ArticlePage.objects.live().filter(title__in=titles).exists()
    epoch_moves.clear()
    with time_machine.travel(go_live + timedelta(seconds=5), tick=False):
        call_command("run_scheduler", once=True)
    assert ArticlePage.objects.live().filter(title__in=titles).count() == 2
    assert len(epoch_moves) == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_keys_changed_in_a_rolled_back_transaction_keep_their_versions(epoch_moves):
    kept, dropped = "list:test:kept", "list:test:dropped"
    before = dependencies.current_versions({kept, dropped})
    with dependencies.one_invalidation():
        dependencies.invalidate({kept})
        with pytest.raises(RuntimeError), transaction.atomic():
            dependencies.invalidate({dropped})
            raise RuntimeError("the change failed")
        assert epoch_moves == []  # nothing leaves before the block ends
    after = dependencies.current_versions({kept, dropped})
    assert after[kept] != before[kept]
    assert after[dropped] == before[dropped]
    assert len(epoch_moves) == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_outside_a_block_each_commit_is_its_own_invalidation(epoch_moves):
    dependencies.invalidate({"list:test:one"})
    dependencies.invalidate({"list:test:two"})
    assert len(epoch_moves) == 2
