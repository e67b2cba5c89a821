"""Authors and tags in the back office, tried over HTTP with each newsroom role."""

import json

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from broadsheet.newsroom.factories import AuthorFactory, TagFactory
from broadsheet.newsroom.models import ArticlePage, ArticleTag, Author, Tag
from tests.newsroom.test_roles import signed_in
from tests.staff.helpers import force_login_with_second_factor, make_user

TAGS = "wagtailsnippets_newsroom_tag"
AUTHORS = "wagtailsnippets_newsroom_author"
TAG_CHOOSER = "wagtailsnippetchoosers_newsroom_tag"
AUTHOR_CHOOSER = "wagtailsnippetchoosers_newsroom_author"


def superuser():
    from django.test import Client

    return force_login_with_second_factor(Client(), make_user("chief", superuser=True))


@pytest.mark.parametrize("role", ["Editor", "Administrator"])
def test_editors_and_administrators_find_authors_and_tags_in_the_menu(role, db):
    html = signed_in(role).get("/admin/").content.decode()
    assert reverse(f"{TAGS}:list") in html and reverse(f"{AUTHORS}:list") in html


def test_reporters_have_no_authors_or_tags_menu(db):
    html = signed_in("Reporter").get("/admin/").content.decode()
    assert reverse(f"{TAGS}:list") not in html and reverse(f"{AUTHORS}:list") not in html


@pytest.mark.parametrize("role", ["Editor", "Administrator", None])
def test_the_snippets_index_opens_for_editors_administrators_and_the_superuser(role, db):
    client = signed_in(role) if role else superuser()
    response = client.get("/admin/snippets/")
    assert response.status_code == 200
    assert "Sorry, you do not have permission" not in response.content.decode()
    assert reverse(f"{TAGS}:list") in response.content.decode()


def test_tag_list_shows_kind_and_how_many_articles_use_each(make_article, china_tag):
    unused = TagFactory(name="Arctic", slug="arctic", kind="place")
    make_article("One", tags=[china_tag])
    make_article("Two", tags=[china_tag])
    response = signed_in("Editor").get(reverse(f"{TAGS}:list"))
    html = response.content.decode()
    assert response.status_code == 200
    rows = {tag.name: html.split(tag.name, 1)[1].split("</tr>", 1)[0] for tag in (china_tag, unused)}
    assert "Place" in rows["China"] and ">2<" in rows["China"].replace(" ", "").replace("\n", "")
    assert ">0<" in rows["Arctic"].replace(" ", "").replace("\n", "")


def test_tags_can_be_searched_and_filtered_by_kind(db):
    TagFactory(name="Xi Jinping", slug="xi-jinping", kind="person")
    TagFactory(name="Xinjiang", slug="xinjiang", kind="place")
    TagFactory(name="Trade", slug="trade", kind="topic")
    editor = signed_in("Editor")
    people = editor.get(reverse(f"{TAGS}:list"), {"kind": "person"}).content.decode()
    assert "Xi Jinping" in people and "Xinjiang" not in people and "Trade" not in people
    found = editor.get(reverse(f"{TAGS}:list"), {"q": "Xinjiang"}).content.decode()
    assert "Xinjiang" in found and "Trade" not in found


def test_authors_tags_and_polls_lists_search_what_the_search_index_holds(db):
    # Made in the back office they are in Wagtail's search index, which answered the lists' searches
    # with a 500 ("no such column: name") on SQLite; found through the database they are listed.
    from wagtail.search.index import insert_or_update_object

    from broadsheet.polls.factories import PollFactory

    made = [
        TagFactory(name="Arctic Council", slug="arctic-council", kind="organisation"),
        TagFactory(name="Trade", slug="trade"),
        AuthorFactory(name="Anna Sokolova"),
        AuthorFactory(name="Jon Park"),
        PollFactory(question="Should the Arctic be a reserve?"),
        PollFactory(question="Will trade grow?"),
    ]
    for thing in made:
        insert_or_update_object(thing)
    client = superuser()
    for listing, query, found, not_found in [
        (reverse(f"{TAGS}:list"), "arctic", "Arctic Council", "Trade"),
        (reverse(f"{AUTHORS}:list"), "sokol", "Anna Sokolova", "Jon Park"),
        (reverse("wagtailsnippets_polls_poll:list"), "arctic", "Arctic be a reserve", "Will trade grow"),
    ]:
        response = client.get(listing, {"q": query})
        assert response.status_code == 200, listing
        html = response.content.decode()
        assert found in html and not_found not in html, listing


def test_tags_sort_alphabetically_whatever_their_capitals(db):
    for name in ("de Gaulle", "Zurich", "Delhi", "algae"):
        TagFactory(name=name, slug=name.lower().replace(" ", "-"))
    assert [t.name for t in Tag.objects.all()] == ["algae", "de Gaulle", "Delhi", "Zurich"]
    html = signed_in("Editor").get(reverse(f"{TAGS}:list")).content.decode()
    assert html.index("algae") < html.index("de Gaulle") < html.index("Delhi") < html.index("Zurich")


def tag_form(name="Arctic Council", kind="organisation", slug="arctic-council"):
    return {"name": name, "slug": slug, "kind": kind, "description": ""}


def test_editor_creates_and_edits_a_tag_and_the_history_says_who(db):
    editor = signed_in("Editor")
    assert editor.post(reverse(f"{TAGS}:add"), tag_form()).status_code == 302
    tag = Tag.objects.get(slug="arctic-council")
    response = editor.post(reverse(f"{TAGS}:edit", args=[tag.pk]), tag_form(name="The Arctic Council"))
    assert response.status_code == 302
    tag.refresh_from_db()
    assert tag.name == "The Arctic Council"
    actions = list(ModelLogEntry.objects.for_instance(tag).order_by("timestamp").values_list("action", flat=True))
    assert actions == ["wagtail.create", "wagtail.edit"]
    history = editor.get(reverse(f"{TAGS}:history", args=[tag.pk])).content.decode()
    assert "Edited" in history


def test_reporter_cannot_create_edit_or_delete_tags_even_with_crafted_posts(china_tag):
    reporter = signed_in("Reporter")
    reporter.post(reverse(f"{TAGS}:add"), tag_form())
    reporter.post(reverse(f"{TAGS}:edit", args=[china_tag.pk]), tag_form(name="Renamed", slug="china"))
    reporter.post(reverse(f"{TAGS}:delete", args=[china_tag.pk]))
    reporter.post(reverse(f"{AUTHORS}:add"), {"name": "Nobody", "slug": "nobody", "role": "", "bio": ""})
    china_tag.refresh_from_db()
    assert china_tag.name == "China"
    assert not Tag.objects.filter(slug="arctic-council").exists()
    assert not Author.objects.filter(slug="nobody").exists()


def test_merging_two_tags_keeps_every_articles_tagging_and_is_logged(make_article, china_tag):
    prc = TagFactory(name="PRC", slug="prc", kind="place")
    trade = TagFactory(name="Trade", slug="trade", kind="topic")
    only_prc = make_article("Only the old tag", tags=[trade, prc])
    both = make_article("Both tags", tags=[prc, china_tag])
    only_china = make_article("Only the kept tag", tags=[china_tag])
    editor = signed_in("Editor")
    form = editor.get(reverse(f"{TAGS}:merge", args=[prc.pk]))
    assert form.status_code == 200 and "used by 2 articles" in form.content.decode()

    response = editor.post(reverse(f"{TAGS}:merge", args=[prc.pk]), {"keep": china_tag.pk})
    assert response.status_code == 302
    assert not Tag.objects.filter(pk=prc.pk).exists()

    def tags_of(article):
        return list(
            ArticleTag.objects.filter(article=article).order_by("sort_order").values_list("tag__name", flat=True)
        )

    assert tags_of(only_prc) == ["Trade", "China"]  # in the merged tag's place
    assert tags_of(both) == ["China"]  # once, not twice
    assert tags_of(only_china) == ["China"]
    entry = ModelLogEntry.objects.for_instance(china_tag).get(action="newsroom.merge_tags")
    assert entry.data["absorbed"]["name"] == "PRC" and entry.data["articles"] == 2
    assert entry.user.groups.filter(name="Editor").exists()


def test_a_merged_tag_page_is_gone_and_the_kept_one_lists_the_moved_articles(
    client, make_article, china_tag, committed
):
    prc = TagFactory(name="PRC", slug="prc", kind="place")
    make_article("Filed under the old tag", tags=[prc])
    assert client.get(prc.get_absolute_url()).status_code == 200
    assert client.get(china_tag.get_absolute_url()).status_code == 200  # both pages now in the page cache
    with committed():
        signed_in("Editor").post(reverse(f"{TAGS}:merge", args=[prc.pk]), {"keep": china_tag.pk})
    assert client.get("/tags/prc/").status_code == 404
    assert "Filed under the old tag" in client.get(china_tag.get_absolute_url()).content.decode()


def test_a_draft_that_names_the_merged_tag_still_publishes(world, author, china_tag, committed):
    from broadsheet.newsroom.factories import create_article
    from broadsheet.newsroom.services import merge_tags

    prc = TagFactory(name="PRC", slug="prc", kind="place")
    draft = create_article(world, "A draft filed under the old tag", authors=[author], tags=[prc], publish=False)
    merge_tags(keep=china_tag, absorb=prc, user=None)
    with committed():
        ArticlePage.objects.get(pk=draft.pk).get_latest_revision().publish()  # as the back office loads it
    assert list(ArticleTag.objects.filter(article=draft).values_list("tag__name", flat=True)) == ["China"]


def test_a_tag_cannot_be_merged_into_itself(china_tag):
    response = signed_in("Editor").post(reverse(f"{TAGS}:merge", args=[china_tag.pk]), {"keep": china_tag.pk})
    assert response.status_code == 200
    assert "cannot be merged into itself" in response.content.decode()
    assert Tag.objects.filter(pk=china_tag.pk).exists()


def test_reporter_cannot_merge_tags_with_a_crafted_post(make_article, china_tag):
    prc = TagFactory(name="PRC", slug="prc", kind="place")
    make_article("Filed", tags=[prc])
    response = signed_in("Reporter").post(reverse(f"{TAGS}:merge", args=[prc.pk]), {"keep": china_tag.pk})
    assert response.status_code in (302, 403)
    assert Tag.objects.filter(pk=prc.pk).exists()
    assert ArticleTag.objects.filter(tag=prc).count() == 1


def modal(response):
    return json.loads(response.content.decode())


def test_tag_chooser_searches_and_shows_each_tags_kind(db):
    from django.core.management import call_command

    TagFactory(name="Xi Jinping", slug="xi-jinping", kind="person")
    TagFactory(name="Trade", slug="trade", kind="topic")
    call_command("update_index", verbosity=0)  # the task worker's job on a running site
    response = signed_in("Reporter").get(reverse(f"{TAG_CHOOSER}:choose_results"), {"q": "Xi"})
    html = modal(response)["html"] if response["Content-Type"].startswith("application/json") else response.content
    html = html.decode() if isinstance(html, bytes) else html
    assert "Xi Jinping" in html and "Person" in html and "Trade" not in html


def test_reporter_chooses_tags_but_the_chooser_offers_them_no_create_form(db):
    html = modal(signed_in("Reporter").get(reverse(f"{TAG_CHOOSER}:choose")))["html"]
    assert "Create a new tag" not in html
    editor_html = modal(signed_in("Editor").get(reverse(f"{TAG_CHOOSER}:choose")))["html"]
    assert "Create a new tag" in editor_html and 'name="kind"' in editor_html


def test_editor_creates_a_tag_inside_the_article_chooser_and_it_is_chosen(db):
    response = signed_in("Editor").post(
        reverse(f"{TAG_CHOOSER}:create"), {"name": "Arctic Council", "kind": "organisation"}
    )
    answer = modal(response)
    assert answer["step"] == "chosen"
    tag = Tag.objects.get(name="Arctic Council")
    assert tag.slug == "arctic-council" and tag.kind == "organisation"
    assert answer["result"]["id"] == str(tag.pk)
    assert ModelLogEntry.objects.for_instance(tag).filter(action="wagtail.create").exists()


def test_a_new_tag_with_a_taken_name_is_refused_with_a_message(china_tag):
    answer = modal(signed_in("Editor").post(reverse(f"{TAG_CHOOSER}:create"), {"name": "China", "kind": "place"}))
    assert answer["step"] == "reshow_creation_form"
    assert "already exists" in answer["htmlFragment"]
    assert Tag.objects.filter(name="China").count() == 1


def test_reporter_cannot_create_a_tag_through_the_chooser_with_a_crafted_post(db):
    response = signed_in("Reporter").post(reverse(f"{TAG_CHOOSER}:create"), {"name": "Sneaky", "kind": "topic"})
    assert response.status_code in (302, 403)
    assert not Tag.objects.filter(name="Sneaky").exists()


def test_editor_adds_an_author_inside_the_article_chooser(db):
    AuthorFactory(name="Anna Petrova", slug="anna-petrova")
    answer = modal(
        signed_in("Editor").post(reverse(f"{AUTHOR_CHOOSER}:create"), {"name": "Anna Petrova", "role": "Kyiv"})
    )
    assert answer["step"] == "chosen"
    assert Author.objects.get(role="Kyiv").slug == "anna-petrova-2"  # a free address, not a clash
