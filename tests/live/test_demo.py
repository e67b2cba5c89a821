"""The demo live blog: a day of the summit with the entries a live blog's features need to be seen."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from broadsheet.live import demo
from broadsheet.live.models import LiveEntry, LivePage
from broadsheet.newsroom.datelines import newsroom_zone
from broadsheet.newsroom.demo.people import AUTHORS, TAGS
from broadsheet.newsroom.factories import AuthorFactory, TagFactory, section_page
from broadsheet.polls.models import Placement


@pytest.fixture
def live_blog(home, committed):
    """The demo's live blog, built in a newsroom that has only what it needs (the whole demo takes longer)."""
    section_page("Russia", "russia")
    for name, slug, role, _ in AUTHORS:
        AuthorFactory(name=name, slug=slug, role=role)
    for name, slug, kind in TAGS:
        TagFactory(name=name, slug=slug, kind=kind)
    with committed():
        return demo.build_demo_live_blog(newsroom_zone())


def test_the_demo_live_blog_has_the_shape_its_features_need(client, live_blog):
    page = LivePage.objects.get(pk=live_blog.pk)
    assert page.get_parent().slug == "russia" and page.coverage_status == LivePage.Status.LIVE
    assert [t.tag.slug for t in page.tags.all()][:2] == ["xi-jinping", "vladimir-putin"]
    entries = page.entries.published()
    assert entries.count() >= 20
    times = [timezone.localtime(e.published_at) for e in entries]
    assert len({t.date() for t in times}) == 1 and max(times) - min(times) > timedelta(hours=10)
    assert entries.filter(key_event=True).count() == 2 and entries.filter(pinned=True).count() == 1
    assert set(entries.values_list("author__slug", flat=True)) == set(demo.AUTHORS)
    corrected = entries.exclude(corrected_at=None).get()
    assert corrected.correction_note and corrected.corrected_at > corrected.published_at
    assert "Fourteen" in corrected.plain_text()
    with_poll = [e for e in entries if any(b.block_type == "poll" for b in e.body)]
    assert len(with_poll) == 1
    # The poll is votable: placed in the live blog as a poll in an article body is.
    poll = next(b.value for b in with_poll[0].body if b.block_type == "poll")
    assert Placement.objects.filter(poll=poll, article_id=page.pk).exists()
    # Every change readers saw has its number, the latest in the page's sequence.
    versions = sorted(page.entries.values_list("version", flat=True))
    assert len(set(versions)) == len(versions) and page.sequence.version == max(versions)
    assert not LiveEntry.objects.filter(page=page, status=LiveEntry.Status.SUBMITTED).exists()

    html = BeautifulSoup(client.get(page.url).content, "html.parser")
    text = html.get_text(" ")
    assert "Day two in brief" in text and "An earlier version of this entry said twelve folders" in text
    assert len(html.select(".key-events li")) == 2
