"""A save the back office refuses keeps everything the writer typed, in every kind of body block.

The form comes back with its errors and the body as posted, block by block; the editor's script
builds the blocks from that (a browser check of a refused save with a paragraph, an unfinished
gallery, a fact box and a poll found all of them there). A block missing from it would be lost
when the writer fixes the error and saves again.
"""

import json

import pytest
from bs4 import BeautifulSoup
from wagtail.test.utils.form_data import rich_text, streamfield

from broadsheet.newsroom.factories import ImageFactory, create_article
from broadsheet.newsroom.models import ArticlePage
from broadsheet.polls.factories import PollFactory
from tests.newsroom.test_roles import add_url, article_form, signed_in

TABLE = {"data": [["Year", "Members"], ["2024", "32"]], "first_row_is_table_header": True, "table_caption": "Size"}


@pytest.fixture
def typed(world, author):
    """For each block type of the body, (what the form posts, what must come back)."""
    image = ImageFactory(title="Flood in the valley")
    other = create_article(world, "An earlier story", authors=[author])
    poll = PollFactory(question="Should the dam be raised?", options=("Yes", "No"))
    return {
        "paragraph": (rich_text("<p>Water rose overnight.</p>"), "Water rose overnight."),
        "quote": ({"text": "We left at two.", "attribution": "A farmer"}, "We left at two."),
        "pull_quote": ({"text": "The river took the road.", "attribution": ""}, "The river took the road."),
        "image": ({"image": image.pk, "caption": "The valley at dawn", "credit": "Staff"}, "The valley at dawn"),
        "embed": ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "dQw4w9WgXcQ"),
        "gallery": (
            {
                "title": "The flood in pictures",
                "images-count": 1,
                "images-0-deleted": "",
                "images-0-order": 0,
                "images-0-id": "",
                "images-0-value-image": image.pk,
                "images-0-value-caption": "Sandbags by the bridge",
                "images-0-value-credit": "",
            },
            "Sandbags by the bridge",
        ),
        "fact_box": (
            {"title": "The flood in numbers", "facts": rich_text("<ul><li>3 villages</li></ul>")},
            "3 villages",
        ),
        "table": (json.dumps(TABLE), "Members"),
        "read_more": ({"article": other.pk, "label": "Read more"}, other.pk),
        "poll": (poll.pk, "Should the dam be raised?"),
    }


def returned_body(response):
    """Return the body blocks the refused form gives back to the editor's script: [(type, value)]."""
    soup = BeautifulSoup(response.content, "html.parser")
    stream = soup.find(attrs={"data-w-block-arguments-value": True})
    blocks = json.loads(stream["data-w-block-arguments-value"])[0]
    return [(block["type"], json.dumps(block["value"])) for block in blocks]


def test_every_body_block_type_has_a_case_here(typed):
    assert set(typed) == set(ArticlePage.body.field.stream_block.child_blocks)


@pytest.mark.parametrize(
    "block", ["paragraph", "quote", "pull_quote", "image", "embed", "gallery", "fact_box", "table", "read_more", "poll"]
)
def test_a_refused_save_gives_back_the_block_as_typed(block, typed, world, author):
    posted, shown = typed[block]
    body = streamfield([("paragraph", rich_text("<p>Before it.</p>")), (block, posted)])
    # No headline: the form refuses the save, draft or not.
    data = article_form(author, title="", body=body)
    response = signed_in("Reporter").post(add_url(world), data)
    assert response.status_code in (200, 400)  # the form again, with its errors
    assert not ArticlePage.objects.filter(title="").exists()
    blocks = returned_body(response)
    assert [kind for kind, _ in blocks] == ["paragraph", block]
    assert str(shown) in blocks[1][1]


def test_a_new_gallery_opens_with_the_two_places_it_needs():
    gallery = ArticlePage.body.field.stream_block.child_blocks["gallery"]
    images = gallery.get_default()["images"]
    assert len(images) == gallery.child_blocks["images"].meta.min_num == 2
    assert all(item["image"] is None for item in images)
