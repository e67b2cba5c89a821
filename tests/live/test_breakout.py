"""Breaking an entry out into its own article: a draft with the entry's content, linked both ways."""

import pytest
from django.test import Client
from django.urls import reverse

from broadsheet.live import services
from broadsheet.live.models import LiveEntry
from broadsheet.newsroom.factories import AuthorFactory, TagFactory, paragraphs_body
from broadsheet.newsroom.models import ArticlePage, ArticleTag
from tests.staff.helpers import force_login_with_second_factor

from .conftest import staff

WORDS = ["The summit ends with a deal on grain exports. Details follow within the hour.", "A second paragraph."]


@pytest.fixture
def entry(live_page, editor_user, committed):
    tag = TagFactory(name="Grain")
    ArticleTag.objects.create(article=live_page, tag=tag, sort_order=0)
    with committed():
        return services.add_entry(live_page, editor_user, body=paragraphs_body(WORDS), key_event=True)


def test_breaking_out_makes_a_draft_with_the_entrys_content_and_both_links(
    live_page, entry, editor_user, author, committed
):
    client = force_login_with_second_factor(Client(), editor_user)
    with committed():
        response = client.post(reverse("live_break_out", args=[live_page.pk, entry.pk]))
    entry.refresh_from_db()
    article = ArticlePage.objects.get(pk=entry.breakout_id)
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_pages:edit", args=[article.pk])
    assert not article.live and article.get_parent().pk == live_page.get_parent().pk
    assert article.title == "The summit ends with a deal on grain exports"
    assert article.standfirst == "The summit ends with a deal on grain exports."
    assert [b.block_type for b in article.body] == ["paragraph", "paragraph", "read_more"]
    assert article.body[0].value.source == f"<p>{WORDS[0]}</p>"
    assert article.body[2].value["article"].specific == live_page  # the way back to the live blog
    assert [b.author for b in article.bylines.all()] == [author]  # the live blog's first byline
    assert [t.tag.name for t in article.tags.all()] == ["Grain"]
    assert entry.version == 2 and article.owner == editor_user  # readers' pages take the change
    assert article.get_latest_revision().user == editor_user
    # The editor opens the draft in the page editor with the content in place.
    editor_page = client.get(response["Location"])
    assert editor_page.status_code == 200 and "grain exports" in editor_page.content.decode()
    # Breaking out again opens the same article rather than a second one.
    client.post(reverse("live_break_out", args=[live_page.pk, entry.pk]))
    assert ArticlePage.objects.filter(title=article.title).count() == 1


def test_the_entry_links_to_its_article_once_that_is_published_and_not_after(live_page, entry, editor_user, committed):
    with committed():
        article = services.break_out(entry, editor_user)
    assert "Read the full story" not in Client().get(live_page.url).content.decode()
    with committed():
        article.get_latest_revision().publish(user=editor_user)
    entry.refresh_from_db()
    assert entry.version == 3  # the publication reached readers' updates too
    page = Client().get(live_page.url).content.decode()
    assert "Read the full story" in page and article.url in page
    updates = Client().get(live_page.url + "updates/").content.decode()
    assert "Read the full story" in updates
    with committed():
        ArticlePage.objects.get(pk=article.pk).unpublish()
    entry.refresh_from_db()
    assert entry.version == 4
    assert "Read the full story" not in Client().get(live_page.url).content.decode()


def test_an_entrys_author_is_the_breakouts_byline_and_its_title_the_headline(live_page, editor_user, committed):
    correspondent = staff("Editor")  # any user; the byline is an Author
    writer = AuthorFactory(name="Olga Reporter")
    with committed():
        entry = services.add_entry(
            live_page, correspondent, body=paragraphs_body(["Words."]), title="Deal agreed", author=writer
        )
        article = services.break_out(entry, editor_user)
    assert article.title == "Deal agreed" and [b.author for b in article.bylines.all()] == [writer]
    assert article.standfirst == "Words."


def test_a_reporter_who_may_add_articles_in_the_section_breaks_out(live_page, entry, reporter_user, committed):
    with committed():
        article = services.break_out(entry, reporter_user)
    assert not article.live and article.owner == reporter_user


def test_staff_who_may_not_add_articles_there_cannot_break_out(live_page, entry):
    moderator = force_login_with_second_factor(Client(), staff("Moderator"))
    assert moderator.post(reverse("live_break_out", args=[live_page.pk, entry.pk])).status_code == 403
    assert LiveEntry.objects.get(pk=entry.pk).breakout is None
