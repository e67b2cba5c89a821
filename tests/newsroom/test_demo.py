from django.core.management import call_command
from wagtail.images.models import Image
from wagtail.models import Page

from broadsheet.newsroom.datelines import format_dateline
from broadsheet.newsroom.demo.articles import REFERENCE_SLUG
from broadsheet.newsroom.demo.build import build_demo_newsroom, build_synthetic_articles
from broadsheet.newsroom.models import ArticlePage, Author, HomePage, SectionPage, Tag
from tests.reference import REFERENCE_DATELINE, REFERENCE_TAGS


def fingerprint():
    return sorted(
        (a.slug, a.title, a.first_published_at, a.get_parent().slug, tuple(t.tag.slug for t in a.tags.all()))
        for a in ArticlePage.objects.all()
    )


def test_demo_newsroom_has_sections_staff_and_articles_over_several_days(db):
    build_demo_newsroom()
    assert {"World", "Russia", "China", "Economy", "Military", "Opinion"} <= set(
        SectionPage.objects.values_list("title", flat=True)
    )
    assert Author.objects.count() >= 6
    visible = ArticlePage.objects.visible()
    assert visible.count() >= 40
    assert len({a.first_published_at.date() for a in visible}) >= 5


def test_reference_article_mirrors_the_reference_page(client, db):
    reference = build_demo_newsroom()
    assert reference.slug == REFERENCE_SLUG
    assert format_dateline(reference.first_published_at) == REFERENCE_DATELINE
    assert [t.tag.name for t in reference.tags.all()] == REFERENCE_TAGS
    html = client.get(reference.url).content.decode()
    assert REFERENCE_DATELINE in html
    assert html.count('<li><a href="/') >= 5  # five related headlines
    assert len(reference.related_articles([t.tag_id for t in reference.tags.all()])) == 5
    assert HomePage.objects.get().lead_story_id == reference.pk


def test_demo_builds_the_same_newsroom_every_time(db):
    build_demo_newsroom()
    first = fingerprint()
    HomePage.objects.get().delete()
    Author.objects.all().delete()
    Tag.objects.all().delete()
    Image.objects.all().delete()
    build_demo_newsroom()
    assert fingerprint() == first


def test_command_skips_a_newsroom_that_has_articles(db, capsys):
    call_command("build_demo")
    count = ArticlePage.objects.count()
    call_command("build_demo", "--if-empty")
    assert ArticlePage.objects.count() == count
    assert "already has articles" in capsys.readouterr().out


def test_synthetic_articles_are_valid_pages_readers_can_open(client, db):
    build_demo_newsroom()
    before = ArticlePage.objects.visible().count()
    build_synthetic_articles(120, batch=50)
    assert ArticlePage.objects.visible().count() == before + 120
    assert Page.find_problems() == ([], [], [], [], [])
    newest_synthetic = ArticlePage.objects.filter(slug__startswith="briefing-").order_by("-first_published_at").first()
    assert client.get(newest_synthetic.url).status_code == 200
    section = newest_synthetic.get_parent()
    assert client.get(section.url + "?page=2").status_code == 200


def test_reference_article_carries_the_reference_poll_with_real_ballots(client, db):
    from broadsheet.polls.models import Ballot
    from tests.reference import REFERENCE_POLL_COUNTS

    reference = build_demo_newsroom()
    polls = [block.value for block in reference.body if block.block_type == "poll"]
    assert len(polls) == 1
    options = list(polls[0].options.order_by("sort_order"))
    assert [o.votes for o in options] == REFERENCE_POLL_COUNTS
    assert [Ballot.objects.filter(option=o).count() for o in options] == REFERENCE_POLL_COUNTS
    assert [r.percent for r in polls[0].results().options] == ["68.3", "18.0", "13.7"]
    html = client.get(f"/f/poll/{polls[0].pk}/").content.decode()
    assert '68.3%</span> (<span class="poll-votes">1,559</span>)' in html
    assert 'Voted: <span class="poll-total-count">2,281</span>' in html
