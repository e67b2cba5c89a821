"""Following a short link: where it leads, what it answers when it leads nowhere, what it counts."""

from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from broadsheet.counting.buffer import flush_all
from broadsheet.links.models import MissedCode, ShortLink
from broadsheet.links.services import shorten

from .conftest import BROWSER, clicks_of


def follow(client, code, method="get", **headers):
    return getattr(client, method)(f"/s/{code}", **headers)


def test_a_link_answers_302_to_the_articles_canonical_address_and_no_cache_keeps_it(reader, link, article):
    response = follow(reader, link.code)
    assert response.status_code == 302
    assert response["Location"] == article.full_url
    assert response["Location"].startswith("http")
    assert response["Cache-Control"] == "no-store"


def test_a_readers_click_is_counted_once_for_the_link_and_today(reader, link):
    for _ in range(3):
        follow(reader, link.code)
    follow(reader, link.code, HTTP_USER_AGENT=BROWSER.replace("124.0", "125.0"))  # another reader
    assert clicks_of(link) == 2
    assert list(link.daily_clicks.values_list("day", "clicks")) == [(timezone.localdate(), 2)]


def test_flushes_add_to_the_days_count_rather_than_replace_it(reader, link):
    follow(reader, link.code)
    assert clicks_of(link) == 1
    follow(reader, link.code, HTTP_USER_AGENT=BROWSER.replace("124.0", "125.0"))
    follow(reader, link.code, HTTP_USER_AGENT=BROWSER.replace("124.0", "126.0"))
    assert clicks_of(link) == 3


def test_clicks_of_a_link_deleted_before_the_flush_are_dropped_without_error(reader, link):
    follow(reader, link.code)
    ShortLink.objects.filter(pk=link.pk).delete()
    assert flush_all() == 1  # the batch was taken and written (nothing left to retry)
    assert flush_all() == 0


def test_section_tag_and_author_links_lead_to_their_pages(reader, world, china_tag, author, home):
    targets = [(world, world.url), (china_tag, china_tag.get_absolute_url()), (author, author.get_absolute_url())]
    for target, path in targets:
        link, created = shorten(target)
        assert created
        response = follow(reader, link.code)
        assert response.status_code == 302
        assert response["Location"] == home.get_site().root_url + path


def test_head_is_redirected_but_not_counted(reader, link, article):
    response = follow(reader, link.code, "head")
    assert (response.status_code, response["Location"]) == (302, article.full_url)
    assert clicks_of(link) == 0


def test_options_gets_the_allowed_methods_and_other_methods_a_405(reader, link):
    response = follow(reader, link.code, "options")
    assert response.status_code == 204
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    for method in ("post", "put", "delete", "patch"):
        response = follow(reader, link.code, method)
        assert response.status_code == 405, method
        assert "GET" in response["Allow"]
    assert clicks_of(link) == 0


@pytest.fixture
def unknown(reader):
    """The answer to a code nobody was ever given."""
    return follow(reader, "zzzzzzzzz")


def assert_like_unknown(response, unknown):
    assert response.status_code == 404
    assert response.content == unknown.content
    assert response["Cache-Control"] == "no-store"
    assert "Location" not in response


@pytest.mark.parametrize(
    "junk",
    [
        "{code}/",
        "{code}x",
        "{code}/x",
        "{code}%20",
        "{code}%00",
        "{code}%0A",
        "{upper}",
        "{code_title}",
        "{short}",
        "",
        "%2F%2Fevil.example",
        "..%2F..%2Fadmin",
        "a" * 500,
        "%F0%9F%98%80",
        "{code};x",
    ],
)
def test_codes_with_junk_or_another_case_answer_like_an_unknown_code(reader, link, unknown, junk):
    code = junk.format(code=link.code, upper=link.code.upper(), code_title=link.code.title(), short=link.code[:-1])
    assert_like_unknown(follow(reader, code), unknown)


def test_a_query_string_is_ignored(reader, link, article):
    # Sites and apps append tracking parameters to what is shared; the link still works.
    assert follow(reader, f"{link.code}?utm_source=x&fbclid=y")["Location"] == article.full_url


def test_an_unpublished_articles_code_answers_like_an_unknown_code(reader, link, article, unknown):
    article.unpublish()
    assert_like_unknown(follow(reader, link.code), unknown)
    assert clicks_of(link) == 0


def test_a_deleted_articles_code_answers_like_an_unknown_code_and_is_kept(reader, link, article, unknown):
    article.delete()
    assert_like_unknown(follow(reader, link.code), unknown)
    kept = ShortLink.objects.get(code=link.code)
    assert kept.page_id is None  # the row stays, so the code can never be handed out again


def test_an_article_scheduled_for_later_or_expired_answers_like_an_unknown_code(reader, link, article, unknown):
    # Visible is ArticlePage.objects.visible(): published, public, not in the future, not expired.
    type(article).objects.filter(pk=article.pk).update(first_published_at=timezone.now() + timedelta(hours=1))
    assert_like_unknown(follow(reader, link.code), unknown)
    type(article).objects.filter(pk=article.pk).update(
        first_published_at=timezone.now() - timedelta(days=1), expire_at=timezone.now() - timedelta(minutes=1)
    )
    assert_like_unknown(follow(reader, link.code), unknown)


def test_a_private_sections_pages_answer_like_an_unknown_code(reader, link, world, unknown):
    section_link, _ = shorten(world)
    PageViewRestriction.objects.create(page=world, restriction_type=PageViewRestriction.PASSWORD, password="x")
    assert_like_unknown(follow(reader, link.code), unknown)
    assert_like_unknown(follow(reader, section_link.code), unknown)


def test_a_link_followed_before_its_page_changes_follows_the_change(reader, link, article, world, unknown, committed):
    # Where a page's link leads is kept in the cache between clicks; any change to the page ends that.
    assert follow(reader, link.code).status_code == 302
    with committed():
        article.title = "A new headline"
        article.slug = "a-new-address"
        article.save_revision().publish()
    assert follow(reader, link.code)["Location"].endswith("/a-new-address/")
    with committed():
        article.unpublish()
    assert_like_unknown(follow(reader, link.code), unknown)
    with committed():
        article.save_revision().publish()
    assert follow(reader, link.code).status_code == 302
    with committed():
        PageViewRestriction.objects.create(page=world, restriction_type=PageViewRestriction.PASSWORD, password="x")
    assert_like_unknown(follow(reader, link.code), unknown)


def test_a_link_followed_before_its_section_is_renamed_leads_to_the_new_address(reader, link, world, committed):
    assert f"/{world.slug}/" in follow(reader, link.code)["Location"]
    with committed():
        world.slug = "around-the-world"
        world.save_revision().publish()
    assert "/around-the-world/" in follow(reader, link.code)["Location"]


def test_a_link_followed_before_its_page_expires_stops_at_the_expiry_time(reader, link, article, unknown, time_machine):
    with_expiry = type(article).objects.filter(pk=article.pk)
    with_expiry.update(expire_at=timezone.now() + timedelta(minutes=5))
    assert follow(reader, link.code).status_code == 302
    time_machine.move_to(timezone.now() + timedelta(minutes=6))
    assert_like_unknown(follow(reader, link.code), unknown)


def test_a_deleted_tags_code_answers_like_an_unknown_code(reader, china_tag, unknown):
    link, _ = shorten(china_tag)
    china_tag.delete()
    assert_like_unknown(follow(reader, link.code), unknown)


def test_misses_are_counted_per_day_with_a_total(reader, link):
    for code in ["zzzzzzzzz", "zzzzzzzzz", "wp-login.php", "\u2603"]:
        follow(reader, code)
    follow(reader, link.code)
    flush_all()
    today = timezone.localdate()
    assert dict(MissedCode.objects.filter(day=today).values_list("code", "misses")) == {
        "": 4,
        "zzzzzzzzz": 2,
        "wp-login.php": 1,
        "(not a code)": 1,
    }


def test_misses_keep_only_the_most_asked_for_codes_of_a_day(db, reader, settings):
    settings.SHORT_LINK_MISSES_KEPT_PER_DAY = 3
    for n in range(20):
        for _ in range(n % 5 + 1):
            follow(reader, f"junk{n:02d}")
    flush_all()
    rows = dict(MissedCode.objects.values_list("code", "misses"))
    assert rows.pop("") == sum(n % 5 + 1 for n in range(20))
    assert rows == {"junk04": 5, "junk09": 5, "junk14": 5}


def test_misses_older_than_the_kept_days_are_deleted(db, reader, settings):
    settings.SHORT_LINK_MISSES_KEEP_DAYS = 7
    MissedCode.objects.create(day=timezone.localdate() - timedelta(days=8), code="old", misses=1)
    follow(reader, "new")
    flush_all()
    assert set(MissedCode.objects.values_list("code", flat=True)) == {"", "new"}


def test_the_short_host_answers_codes_at_its_root(reader, link, article, settings):
    settings.SHORT_LINK_HOST = "brd.example"
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "brd.example"]
    response = reader.get(f"/{link.code}", HTTP_HOST="brd.example")
    assert (response.status_code, response["Location"]) == (302, article.full_url)
    assert reader.get(f"/{link.code.upper()}", HTTP_HOST="brd.example").status_code == 404
    assert clicks_of(link) == 1
    assert ShortLink.objects.get(pk=link.pk).url == f"http://brd.example/{link.code}"


def test_on_other_hosts_a_code_shaped_path_is_left_to_the_site(reader, link, settings):
    settings.SHORT_LINK_HOST = "brd.example"
    response = reader.get(f"/{link.code}?a=1")
    assert (response.status_code, response["Location"]) == (301, f"/{link.code}/?a=1")
    assert clicks_of(link) == 0


def test_a_flood_of_clicks_from_one_network_is_redirected_but_stops_counting(reader, link, settings, time_machine):
    # Within one clock minute, after the article's publication, with no clicks the minute before.
    time_machine.move_to((timezone.now() + timedelta(minutes=1)).replace(second=5), tick=False)
    settings.CLICKS_PER_MINUTE = 3
    browsers = [BROWSER.replace("124.0", f"124.{n}") for n in range(6)]
    statuses = [follow(reader, link.code, HTTP_USER_AGENT=browser).status_code for browser in browsers]
    assert statuses == [302] * 6
    flush_all()
    assert clicks_of(link) == 3
