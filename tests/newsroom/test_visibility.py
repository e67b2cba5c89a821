"""Drafts, scheduled and expired articles stay off every public surface until their time."""

from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from broadsheet.newsroom.models import ArticlePage

SURFACES = ["/", "/world/", "/tags/china/", "/authors/li-wei/"]


def shows(client, url, headline):
    response = client.get(url)
    return response.status_code == 200 and headline in response.content.decode()


@pytest.fixture
def visible_article(make_article, china_tag):
    return make_article("Already public", tags=[china_tag])


def test_draft_is_invisible_everywhere(client, make_article, china_tag, visible_article):
    draft = make_article("Secret draft", tags=[china_tag], publish=False)
    assert client.get(draft.url or "/world/secret-draft/").status_code == 404
    for url in SURFACES:
        assert shows(client, url, "Already public")
        assert not shows(client, url, "Secret draft"), url
    assert not ArticlePage.objects.visible().filter(pk=draft.pk).exists()


def test_scheduled_article_appears_on_every_surface_only_from_its_time(
    client, make_article, china_tag, visible_article, committed
):
    go_live = timezone.now() + timedelta(hours=2)
    article = make_article("Embargoed story", tags=[china_tag], publish=False)
    article.go_live_at = go_live
    with committed():
        article.save_revision().publish()  # with a future go_live_at this schedules, not publishes
    article.refresh_from_db()
    assert not article.live

    for url in SURFACES:  # also fills the page cache with the pre-embargo pages
        assert shows(client, url, "Already public")
        assert not shows(client, url, "Embargoed story"), url
    assert client.get("/world/embargoed-story/").status_code == 404

    with time_machine.travel(go_live - timedelta(minutes=1), tick=False), committed():
        call_command("run_scheduler", once=True)
    assert client.get("/world/embargoed-story/").status_code == 404

    with time_machine.travel(go_live + timedelta(seconds=30), tick=False):
        with committed():
            call_command("run_scheduler", once=True)
        assert client.get("/world/embargoed-story/").status_code == 200
        for url in SURFACES:
            assert shows(client, url, "Embargoed story"), url


def test_expired_article_leaves_public_surfaces_before_the_scheduler_runs(client, make_article, china_tag):
    article = make_article("Short-lived story", tags=[china_tag])
    ArticlePage.objects.filter(pk=article.pk).update(expire_at=timezone.now() + timedelta(hours=1))
    assert ArticlePage.objects.visible().filter(pk=article.pk).exists()
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        assert not ArticlePage.objects.visible().filter(pk=article.pk).exists()
        assert not shows(client, "/tags/china/", "Short-lived story")


def test_unpublished_article_disappears_from_page_and_listings(client, make_article, china_tag, committed):
    article = make_article("Withdrawn story", tags=[china_tag])
    for url in [article.url, *SURFACES]:
        assert shows(client, url, "Withdrawn story"), url
    with committed():
        article.unpublish()
    assert client.get(article.url).status_code == 404
    for url in SURFACES:
        assert not shows(client, url, "Withdrawn story"), url
