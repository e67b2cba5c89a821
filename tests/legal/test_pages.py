"""Standing pages (About, Privacy, Terms, Contact): made and published by Editors, dated, linked from every footer."""

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from broadsheet.legal.demo import add_demo_legal_pages
from broadsheet.legal.models import ContactPage, LegalPage
from broadsheet.legal.terms import current_terms
from broadsheet.newsroom.models import ArticlePage, SectionPage
from tests.newsroom.test_roles import signed_in


def add_url(parent, model="legalpage"):
    return reverse("wagtailadmin_pages:add", args=("legal", model, parent.pk))


def legal_form(title, slug, kind, heading="What these terms cover", text="<p>Readers' accounts.</p>", **extra):
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "kind": kind,
            "body": streamfield([("heading", heading), ("paragraph", rich_text(text))]),
            **extra,
        }
    )


@pytest.fixture
def editor():
    return signed_in("Editor")


def test_an_editor_adds_and_publishes_a_terms_page_at_its_address_with_its_date(client, home, editor, committed):
    with committed():
        response = editor.post(
            add_url(home), legal_form("Terms of use", "terms", "terms", **{"action-publish": "action-publish"})
        )
    assert response.status_code == 302
    page = LegalPage.objects.get(slug="terms")
    assert page.live and page.get_parent().pk == home.pk
    html = client.get("/terms/").content.decode()
    assert "<h1>Terms of use</h1>" in html and "<h2>What these terms cover</h2>" in html
    # The newsroom's day, not UTC's: near midnight the two differ.
    assert f'Last updated <time datetime="{timezone.localtime(page.last_published_at):%Y-%m-%d}">' in html


def test_a_draft_standing_page_is_not_shown_to_readers(client, home, editor):
    editor.post(add_url(home), legal_form("Privacy notice", "privacy", "privacy"))
    assert not LegalPage.objects.get(slug="privacy").live
    assert client.get("/privacy/").status_code == 404


def test_standing_pages_go_only_under_the_front_page(home, world, editor, make_article):
    assert {LegalPage, ContactPage} <= set(home.specific_class.creatable_subpage_models())
    assert SectionPage in home.specific_class.creatable_subpage_models()
    assert LegalPage.allowed_parent_page_models() == [home.specific_class]
    assert editor.get(add_url(world)).status_code != 200
    editor.post(add_url(world), legal_form("About us", "about", "about"))
    assert not LegalPage.objects.exists()
    assert ArticlePage.allowed_parent_page_models() == [SectionPage]
    assert LegalPage not in ArticlePage.allowed_subpage_models()


def test_sections_and_articles_still_route_beside_standing_pages(client, home, make_article):
    add_demo_legal_pages({})
    article = make_article("Ceasefire talks resume")
    assert client.get(article.url).status_code == 200
    assert client.get("/world/").status_code == 200
    assert client.get("/about/").status_code == 200
    assert client.get("/no-such-page/").status_code == 404


def test_current_terms_version_changes_when_an_editor_republishes_the_terms(home, editor, committed):
    assert current_terms() is None
    with committed():
        editor.post(add_url(home), legal_form("Terms of use", "terms", "terms", **{"action-publish": "publish"}))
    first = current_terms()
    assert first.url == "/terms/" and first.version.startswith(f"{LegalPage.objects.get().last_published_at:%Y-%m-%d}.")
    assert current_terms() == first  # stable while nothing is published
    page = LegalPage.objects.get()
    edit = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    with committed():
        response = editor.post(
            edit,
            legal_form("Terms of use", "terms", "terms", text="<p>New rules.</p>", **{"action-publish": "publish"}),
        )
    assert response.status_code == 302
    second = current_terms()
    assert second.version != first.version
    with committed():
        editor.post(reverse("wagtailadmin_pages:unpublish", args=(page.pk,)))
    assert current_terms() is None


def test_an_about_page_is_not_taken_for_the_terms(home):
    add_demo_legal_pages({})
    assert current_terms().url == "/terms/"
    LegalPage.objects.get(slug="terms").unpublish()
    assert current_terms() is None


def test_demo_pages_say_what_is_kept_and_link_the_community_standards(client, home):
    add_demo_legal_pages({})
    add_demo_legal_pages({})  # a second run adds nothing
    home.refresh_from_db()
    assert list(home.get_children().values_list("slug", flat=True)) == ["about", "contact", "privacy", "terms"]
    privacy = client.get("/privacy/").content.decode()
    for kept in ("session cookie", "CSRF", "hash", "Server logs", "profile page"):
        assert kept in privacy
    assert 'href="/community-standards/"' in client.get("/terms/").content.decode()
    assert "Who we are" in client.get("/about/").content.decode()


def test_a_standing_page_is_shared_under_its_own_title(client, home):
    add_demo_legal_pages({})
    head = client.get("/privacy/").content.decode()
    assert '<meta property="og:title" content="Privacy' in head
