"""The vocabulary spelling suggestions come from: exactly the words of the live, public articles."""

import io

from django.core.management import call_command

from broadsheet.newsroom.factories import TagFactory, paragraphs_body
from broadsheet.search.models import Word, WordKey
from broadsheet.search.vocabulary import close_words, distance, words_in


def vocabulary():
    return dict(Word.objects.values_list("word", "articles"))


def test_the_vocabulary_counts_the_articles_that_use_each_word(make_article, china_tag):
    make_article("Harbour strike ends", body=paragraphs_body(["Dockers return to the harbour."]), tags=[china_tag])
    make_article("Harbour reopens", body=paragraphs_body(["Ships wait."]))
    words = vocabulary()
    assert words["harbour"] == 2 and words["dockers"] == 1 and words["ships"] == 1
    assert words["china"] == 1 and words["wei"] == 2  # tag and author names count as words
    assert "li" not in words  # too short to guess a misspelling of


def test_a_word_leaves_with_the_last_article_that_used_it(make_article, committed):
    kept = make_article("Harbour strike ends", body=paragraphs_body(["Dockers return."]))
    gone = make_article("Harbour reopens", body=paragraphs_body(["Tugboats wait."]))
    with committed():
        gone.unpublish()
    assert vocabulary()["harbour"] == 1 and "tugboats" not in vocabulary()
    assert not WordKey.objects.filter(key="tugboat").exists()
    kept.delete()
    assert "harbour" not in vocabulary() and "dockers" not in vocabulary()


def test_an_edit_moves_only_the_words_it_changes(make_article, committed):
    article = make_article("Harbour strike ends", body=paragraphs_body(["Dockers return on Monday."]))
    article.body = paragraphs_body(["Dockers return on Tuesday."])
    with committed():
        article.save_revision().publish()
    words = vocabulary()
    assert "tuesday" in words and "monday" not in words and words["dockers"] == 1


def test_a_draft_and_an_unused_tag_add_no_word(make_article):
    make_article("Secret merger talks", publish=False, body=paragraphs_body(["Zephyrine buys Quillon."]))
    TagFactory(name="Project Mandrake")
    assert not {"zephyrine", "quillon", "mandrake", "secret"} & vocabulary().keys()


def test_rebuilding_gives_the_vocabulary_publishing_gave(make_article, china_tag, committed):
    make_article("Harbour strike ends", tags=[china_tag], body=paragraphs_body(["Dockers return."]))
    edited = make_article("Harbour reopens", body=paragraphs_body(["Ships wait."]))
    edited.title = "The harbour reopens"
    with committed():
        edited.save_revision().publish()
    before = vocabulary()
    keys = sorted(WordKey.objects.values_list("key", "word__word"))
    call_command("index_articles", stdout=io.StringIO())
    assert vocabulary() == before
    assert sorted(WordKey.objects.values_list("key", "word__word")) == keys


def test_close_words_are_found_by_their_keys_and_measured(make_article):
    make_article("Putin signs a pension law", body=paragraphs_body(["Pensioners will wait longer."]))
    assert [word for _, _, word in close_words(["pootin"])["pootin"]] == ["putin"]
    assert [word for _, _, word in close_words(["pensoin"])["pensoin"]] == ["pension"]  # letters swapped
    assert close_words(["pension"]) == {}  # a known word is not misspelt
    assert close_words(["xqzvw"]) == {"xqzvw": []}


def test_distance_counts_a_swap_of_neighbouring_letters_as_one_edit():
    assert distance("chian", "china") == 1
    assert distance("pootin", "putin") == 2
    assert distance("", "abc") == 3 and distance("same", "same") == 0


def test_a_word_counts_once_per_article_however_often_it_is_used():
    assert words_in([("Grain", "grain GRAIN and more grain", "")]) == {"grain": 1, "and": 1, "more": 1}
