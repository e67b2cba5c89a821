"""Authors and tags by name: found in articles, offered above results, and followed when renamed or merged."""

from django_tasks_db.models import DBTaskResult

from broadsheet.newsroom.factories import AuthorFactory, TagFactory, paragraphs_body
from broadsheet.newsroom.services import merge_tags
from broadsheet.search.models import IndexedArticle, NameWord

from .test_search import titles


def test_an_article_is_found_by_its_tags_and_bylines(client, make_article, china_tag):
    make_article(
        "Talks resume",
        tags=[china_tag, TagFactory(name="Vladimir Putin")],
        authors=[AuthorFactory(name="Elena Sokolova")],
        body=paragraphs_body(["Delegations met for a second day."]),
    )
    assert IndexedArticle.objects.get().names == "China · Vladimir Putin · Elena Sokolova"
    for q in ("Sokolova", "Elena Sokolova", "putin", "china putin sokolova"):
        assert titles(client.get("/search/", {"q": q})) == ["Talks resume"], q


def test_renaming_a_tag_rewrites_the_entries_of_its_articles(client, make_article, committed, index_updates):
    peking = TagFactory(name="Peking")
    make_article("Airport opens", tags=[peking], body=paragraphs_body(["A new terminal."]))
    peking.name = "Beijing"
    with committed():
        peking.save()
    index_updates()  # a tag may be on thousands of articles: a task rewrites them
    assert titles(client.get("/search/", {"q": "beijing"})) == ["Airport opens"]
    assert titles(client.get("/search/", {"q": "peking"})) == []
    html = client.get("/search/", {"q": "beijing"}).content.decode()
    assert '<a href="/tags/peking/">Beijing</a> — tag' in html
    assert sorted(NameWord.objects.filter(tag=peking).values_list("word", flat=True)) == ["beijing"]


def test_renaming_an_author_rewrites_the_entries_of_their_articles(
    client, make_article, author, committed, index_updates
):
    make_article("Airport opens", body=paragraphs_body(["A new terminal."]))
    author.name = "Li Wen"
    with committed():
        author.save()
    index_updates()
    assert titles(client.get("/search/", {"q": "li wen"})) == ["Airport opens"]
    assert titles(client.get("/search/", {"q": "li wei"})) == []


def test_saving_a_tag_without_renaming_it_rewrites_nothing(make_article, china_tag, committed):
    make_article("Airport opens", tags=[china_tag])
    china_tag.description = "News from the People's Republic."
    with committed():
        china_tag.save()
    assert not DBTaskResult.objects.filter(task_path__startswith="broadsheet.search.").exists()


def test_merging_tags_files_their_articles_under_the_kept_name(
    client, make_article, china_tag, committed, index_updates
):
    prc = TagFactory(name="People's Republic")
    make_article("Airport opens", tags=[prc], body=paragraphs_body(["A new terminal."]))
    make_article("Port reopens", tags=[prc, china_tag], body=paragraphs_body(["Ships wait."]))
    with committed():
        merge_tags(keep=china_tag, absorb=prc, user=None)
    index_updates()
    assert sorted(titles(client.get("/search/", {"q": "china"}))) == ["Airport opens", "Port reopens"]
    assert titles(client.get("/search/", {"q": "republic"})) == []
    assert titles(client.get("/search/", {"tag": "china"})) == ["Port reopens", "Airport opens"]


def test_only_authors_and_tags_with_a_visible_article_are_offered(client, make_article, china_tag):
    make_article("Airport opens", tags=[china_tag])
    TagFactory(name="Daily Briefing")  # filed under nothing yet
    make_article("Secret plans", tags=[TagFactory(name="Merger Talks")], publish=False)
    AuthorFactory(name="Dana Daily")  # has written nothing yet
    assert '<a href="/tags/china/">China</a> — tag' in client.get("/search/", {"q": "china"}).content.decode()
    for q in ("daily", "merger"):
        html = client.get("/search/", {"q": q}).content.decode()
        assert "— tag" not in html and "— author" not in html, q
