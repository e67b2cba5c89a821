from bs4 import BeautifulSoup
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
    related = BeautifulSoup(html, "html.parser").select(".related li a")
    assert [a.get_text() for a in related] == [a.title for a in reference.related_articles()]
    assert len(related) == 5
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


def test_the_demo_newsroom_shows_readers_a_correction_and_a_fact_box(client, db):
    build_demo_newsroom()
    article = ArticlePage.objects.get(slug="russian-gas-could-cut-chinas-reliance-on-coal")
    page = BeautifulSoup(client.get(article.url).content, "html.parser")
    corrections = page.select(".corrections li")
    assert len(corrections) == 1
    assert "began in December 2019" in corrections[0].get_text()
    assert page.select_one(".updated") is not None  # the correction moved "Updated" forward
    assert page.select_one("aside.fact-box h2").get_text() == "Power of Siberia at a glance"
