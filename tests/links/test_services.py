"""Making short links: one per target, random codes, kept forever."""

import math

import pytest
from django.db import IntegrityError

from broadsheet.links.models import ALPHABET, CODE_LENGTH, CODE_PATTERN, ShortLink, new_code
from broadsheet.links.services import shorten
from broadsheet.newsroom.factories import create_article


def test_codes_carry_at_least_40_bits_from_an_alphabet_without_look_alikes():
    assert math.log2(len(ALPHABET) ** CODE_LENGTH) >= 40
    assert not set(ALPHABET) & set("0Oo1lIi")
    codes = {new_code() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(CODE_PATTERN.fullmatch(code) for code in codes)
    # Every letter of the alphabet is used, so the entropy is real, not a subset's.
    assert set("".join(codes)) == set(ALPHABET)


def test_publishing_an_article_gives_it_one_link_and_republishing_keeps_it(make_article):
    article = make_article("First published")
    link = ShortLink.objects.get(page=article)
    article.save_revision().publish()
    assert list(ShortLink.objects.filter(page=article)) == [link]


def test_a_draft_gets_no_link_until_it_is_published(world, author, committed):
    with committed():
        draft = create_article(world, "Still a draft", authors=[author], publish=False)
    assert not ShortLink.objects.filter(page=draft).exists()
    with committed():
        draft.save_revision().publish()
    assert ShortLink.objects.filter(page=draft).exists()


def test_sections_tags_and_authors_get_links_only_when_asked(world, china_tag, author):
    assert not ShortLink.objects.exists()
    for target in (world, china_tag, author):
        link, created = shorten(target)
        assert created and link.target == target
        assert shorten(target) == (link, False)


def test_the_database_refuses_a_second_link_for_one_page(article, link):
    with pytest.raises(IntegrityError):
        ShortLink.objects.create(page=article)


def test_the_database_refuses_a_repeated_code(article, link, china_tag):
    with pytest.raises(IntegrityError):
        ShortLink.objects.create(code=link.code, tag=china_tag)


def test_the_database_refuses_a_link_with_two_targets(world, china_tag):
    with pytest.raises(IntegrityError):
        ShortLink.objects.create(page=world, tag=china_tag)


def test_only_pages_tags_and_authors_can_be_shortened(db):
    with pytest.raises(TypeError):
        shorten("https://example.com/")
