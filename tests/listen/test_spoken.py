import pytest

from broadsheet.listen.spoken import SpokenTextTooLong, clean, spoken_text, text_hash
from broadsheet.newsroom.datelines import newsroom_zone
from broadsheet.newsroom.factories import AuthorFactory, aware


@pytest.fixture
def article(make_article, author):
    second = AuthorFactory(name="Anna Petrova")
    body = [
        ("paragraph", "<p>The <b>first</b> paragraph, with 68.3% of votes &amp; more.</p><p>A second one.</p>"),
        ("quote", {"text": "We will not form an alliance", "attribution": "Tian Chunsheng"}),
        ("pull_quote", {"text": "Repeated for the eye", "attribution": ""}),
        ("image", {"image": None, "caption": "A caption nobody should hear", "credit": ""}),
        ("paragraph", "<p>Dr. Li expects $5bn by 20:48 GMT+3.</p>"),
    ]
    return make_article(
        "China and Russia talk",
        standfirst="Analysts weigh a partnership",
        body=body,
        authors=[author, second],
        dateline_place="Beijing",
        published_at=aware("2020-01-23 20:48", newsroom_zone()),
    )


def test_article_is_read_headline_standfirst_bylines_dateline_then_body(article):
    assert spoken_text(article).split("\n") == [
        "China and Russia talk.",
        "Analysts weigh a partnership.",
        "By Li Wei and Anna Petrova.",
        "Beijing. 23 January 2020, 20:48 GMT plus 3.",
        "The first paragraph, with 68.3 percent of votes and more.",
        "A second one.",
        "Tian Chunsheng said: quote.",
        "We will not form an alliance.",
        "End quote.",
        "Doctor Li expects 5 billion dollars by 20:48 GMT plus 3.",
    ]


def test_markup_emoji_and_control_characters_are_not_read():
    assert clean("<script>x</script>Hello\u0007 world 🎉\u200b!<br>Next") == "xHello world !\nNext"


def test_a_text_longer_than_the_limit_fails_with_a_clear_message(article, settings):
    article.body = [("paragraph", "<p>" + "word " * 50_000 + "</p>")]
    with pytest.raises(SpokenTextTooLong, match="up to 20,000 words"):
        spoken_text(article)


def test_the_hash_names_the_text():
    assert text_hash("a") == text_hash("a") != text_hash("b")
