"""The back office: editors make links for sections, tags and authors; clicks and misses reports."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from broadsheet.links.models import DailyClicks, MissedCode, ShortLink
from tests.staff.helpers import force_login_with_second_factor, make_user

ADD = "/admin/snippets/links/shortlink/add/"


@pytest.fixture
def editor(db):
    client = Client()
    client.force_login(make_user("editor", "Editor"))
    return client


def test_an_editor_makes_a_link_for_a_section_a_tag_and_an_author(editor, world, china_tag, author):
    for field, target in [("page", world), ("tag", china_tag), ("author", author)]:
        response = editor.post(ADD, {field: target.pk})
        assert response.status_code == 302, response.content.decode()[:2000]
        assert ShortLink.objects.get(**{field: target}).target.pk == target.pk


@pytest.mark.parametrize(
    "data, message",
    [
        ("nothing", "Choose one page, one tag or one author"),
        ("two", "Choose one page, one tag or one author"),
        ("home", "Short links lead to articles and sections"),
        ("again", "This already has a short link"),
    ],
)
def test_a_link_to_nothing_two_things_the_home_page_or_a_shortened_page_is_refused(
    editor, world, china_tag, home, link, data, message
):
    data = {
        "nothing": {},
        "two": {"page": world.pk, "tag": china_tag.pk},
        "home": {"page": home.pk},
        "again": {"page": link.page_id},
    }[data]
    before = ShortLink.objects.count()
    response = editor.post(ADD, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert ShortLink.objects.count() == before


def test_a_made_link_cannot_be_pointed_elsewhere(editor, link, world):
    edit = f"/admin/snippets/links/shortlink/edit/{link.pk}/"
    assert editor.get(edit).status_code == 200
    editor.post(edit, {"page": world.pk})
    assert ShortLink.objects.get(pk=link.pk).page_id == link.page_id


def test_nobody_deletes_a_link_not_even_a_superuser(db, link):
    client = Client()
    force_login_with_second_factor(client, make_user("root", superuser=True))
    delete = f"/admin/snippets/links/shortlink/delete/{link.pk}/"
    assert client.get(delete).status_code in (302, 403)
    client.post(delete)
    assert ShortLink.objects.filter(pk=link.pk).exists()


def test_a_reporter_may_not_make_or_see_links(db, link):
    client = Client()
    client.force_login(make_user("reporter", "Reporter"))
    assert client.get(ADD).status_code in (302, 403)
    assert client.get(f"/admin/snippets/links/shortlink/clicks/{link.pk}/").status_code in (302, 403)
    assert client.get("/admin/snippets/links/shortlink/misses/").status_code in (302, 403)


def test_the_clicks_report_shows_clicks_per_day(editor, link):
    today = timezone.localdate()
    DailyClicks.objects.create(link=link, day=today, clicks=1234)
    DailyClicks.objects.create(link=link, day=today - timedelta(days=2), clicks=7)
    page = editor.get(f"/admin/snippets/links/shortlink/clicks/{link.pk}/").content.decode()
    assert "1,241 clicks in all" in page
    assert "<td>1,234</td>" in page and "<td>7</td>" in page
    assert link.url in page


def test_the_misses_report_shows_the_days_total_and_codes(editor):
    today = timezone.localdate()
    MissedCode.objects.create(day=today, code="", misses=12)
    MissedCode.objects.create(day=today, code="k7m2p9xqb", misses=9)
    page = editor.get("/admin/snippets/links/shortlink/misses/").content.decode()
    assert "12 misses" in page and "<code>k7m2p9xqb</code>" in page
