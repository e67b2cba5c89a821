"""Tagging at typing speed: several tags typed at once in one box, suggestions, new tags made inline."""

import json

import pytest
from django.urls import reverse

from broadsheet.newsroom.factories import TagFactory
from broadsheet.newsroom.models import ArticlePage, Tag
from tests.newsroom.test_roles import add_url, article_form, edit_form, signed_in

SUGGEST = "/admin/tags/suggest/"


def file_story(client, world, author, tag_list, **extra):
    response = client.post(add_url(world), article_form(author, tag_list=tag_list, **extra))
    return response, ArticlePage.objects.filter(slug="filed-from-the-newsroom").first()


def tag_names(article):
    """The tags of the article's latest revision, in order."""
    article.refresh_from_db()
    return [tagging.tag.name for tagging in article.get_latest_revision_as_object().tags.all()]


def test_a_reporter_types_three_tags_at_once_and_the_new_one_is_made_for_review(world, author, china_tag):
    kinds = json.dumps({"Li Wei": "person"})
    response, article = file_story(signed_in("Reporter"), world, author, "china, Li Wei, Trade talks", tag_kinds=kinds)
    assert response.status_code == 302
    assert tag_names(article) == ["China", "Li Wei", "Trade talks"]  # the existing China, whatever the case
    new = {tag.name: tag for tag in Tag.objects.filter(name__in=["Li Wei", "Trade talks"])}
    assert new["Li Wei"].kind == "person" and new["Trade talks"].kind == "topic"
    assert not new["Li Wei"].reviewed and new["Li Wei"].created_by.username.startswith("reporter-")
    assert new["Li Wei"].slug == "li-wei"
    assert Tag.objects.filter(name__iexact="china").count() == 1


def test_an_editors_new_tag_needs_no_review(world, author):
    file_story(signed_in("Editor"), world, author, "Arctic Council")
    assert Tag.objects.get(name="Arctic Council").reviewed


def test_a_name_typed_twice_files_the_story_once_under_it(world, author, china_tag):
    _, article = file_story(signed_in("Reporter"), world, author, "China, Trade,  china ,, trade")
    assert tag_names(article) == ["China", "Trade"]


def test_a_name_too_long_for_a_tag_is_refused_with_a_message_and_nothing_is_made(world, author):
    response, article = file_story(signed_in("Reporter"), world, author, "Harbour, " + "x" * 101)
    assert response.status_code in (200, 400)
    assert "too long for a tag" in response.content.decode()
    assert article is None and not Tag.objects.exists()


def test_the_box_shows_the_articles_tags_in_order_and_an_edit_reorders_them(world, author, china_tag):
    editor = signed_in("Editor")
    _, article = file_story(editor, world, author, "Trade, China")
    form = edit_form(editor, article)
    assert form["tag_list"] == "Trade, China"
    form["tag_list"] = "China, Trade"
    response = editor.post(reverse("wagtailadmin_pages:edit", args=(article.pk,)), form)
    assert response.status_code == 302
    assert tag_names(article) == ["China", "Trade"]


def test_the_live_preview_makes_no_tag(world, author):
    editor = signed_in("Editor")
    _, article = file_story(editor, world, author, "Trade")
    url = reverse("wagtailadmin_pages:preview_on_edit", args=(article.pk,))
    form = edit_form(editor, article)
    form["tag_list"] = "Trade, A name only previewed"
    assert editor.post(url, form).json()["is_valid"]
    assert editor.get(url).status_code == 200
    assert not Tag.objects.filter(name="A name only previewed").exists()


def test_suggestions_put_names_that_start_with_the_typed_words_first_with_their_kind(db):
    TagFactory(name="Xi Jinping", slug="xi-jinping", kind="person")
    TagFactory(name="Xinjiang", slug="xinjiang", kind="place")
    TagFactory(name="Taxis", slug="taxis", kind="topic")
    TagFactory(name="Trade", slug="trade", kind="topic")
    found = signed_in("Reporter").get(SUGGEST, {"q": "xi"}).json()
    assert [(t["name"], t["kind_label"]) for t in found["tags"]] == [
        ("Xi Jinping", "Person"),
        ("Xinjiang", "Place"),
        ("Taxis", "Topic"),
    ]
    assert [k["label"] for k in found["kinds"]] == ["Topic", "Person", "Place", "Organisation"]


@pytest.mark.parametrize("role, allowed", [("Reporter", True), ("Editor", True), ("Moderator", False)])
def test_only_writers_get_suggestions(role, allowed, db):
    response = signed_in(role).get(SUGGEST, {"q": "a"})
    assert (response.status_code == 200) == allowed


def test_editors_see_the_new_tags_to_review_on_their_desk_and_reporters_do_not(world, author):
    file_story(signed_in("Reporter"), world, author, "Li Wei, Arctic Council")
    TagFactory(name="Reviewed already", slug="reviewed-already")
    editor_desk = signed_in("Editor").get("/admin/").content.decode()
    assert "<strong>2</strong> new tags to review" in editor_desk
    assert "?reviewed=false" in editor_desk
    assert "new tags to review" not in signed_in("Reporter").get("/admin/").content.decode()
    listing = signed_in("Editor").get(reverse("wagtailsnippets_newsroom_tag:list"), {"reviewed": "false"})
    assert "Li Wei" in listing.content.decode() and "Reviewed already" not in listing.content.decode()


def test_a_live_articles_new_tags_wait_in_its_draft_until_it_is_published(world, author, china_tag):
    editor = signed_in("Editor")
    _, article = file_story(editor, world, author, "China", **{"action-publish": "action-publish"})
    edit = reverse("wagtailadmin_pages:edit", args=(article.pk,))
    form = edit_form(editor, article)
    form["tag_list"] = "China, Grain"
    assert editor.post(edit, form).status_code == 302  # saved as a draft
    assert list(article.tags.values_list("tag__name", flat=True)) == ["China"]  # what readers see
    assert tag_names(article) == ["China", "Grain"]
    form = edit_form(editor, article)
    assert form["tag_list"] == "China, Grain"  # the draft is what the editor reopens
    form["action-publish"] = "action-publish"
    assert editor.post(edit, form).status_code == 302
    assert list(article.tags.order_by("sort_order").values_list("tag__name", flat=True)) == ["China", "Grain"]
