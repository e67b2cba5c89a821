"""The article body's newsroom blocks: embedded media (allowlisted), gallery, fact box, table, read more."""

import pytest
from bs4 import BeautifulSoup
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.finders import get_finders
from wagtail.embeds.finders.base import EmbedFinder
from wagtail.embeds.models import Embed
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from broadsheet.newsroom.demo.build import demo_image
from broadsheet.newsroom.models import ArticlePage
from tests.newsroom.test_roles import add_url, article_form, signed_in

VIDEO = "https://www.youtube.com/watch?v=abc123"
POST = "https://x.com/newsroom/status/1234"


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


class LocalFinder(EmbedFinder):
    """Stands in for the providers (there is no internet here): answers any address and records it."""

    asked = []

    def accept(self, url):
        return True

    def find_embed(self, url, max_width=None, max_height=None):
        LocalFinder.asked.append(url)
        return {
            "title": "Launch of the probe",
            "author_name": "Space agency",
            "provider_name": "YouTube",
            "type": "video",
            "html": '<iframe src="https://www.youtube.com/embed/abc123" width="480" height="270"></iframe>',
            "width": 480,
            "height": 270,
        }


@pytest.fixture
def local_finder(settings):
    settings.WAGTAILEMBEDS_FINDERS = [{"class": "tests.newsroom.test_blocks.LocalFinder"}]
    get_finders.cache_clear()
    LocalFinder.asked.clear()
    yield LocalFinder
    get_finders.cache_clear()


def store_embed(url, html, kind="video", title="Launch of the probe", provider="YouTube"):
    return Embed.objects.create(
        url=url, hash=get_embed_hash(url), type=kind, html=html, title=title, provider_name=provider
    )


def post_article_with_embed(world, author, url):
    editor = signed_in("Editor")
    data = article_form(author)
    data.update(nested_form_data({"body": streamfield([("embed", url), ("paragraph", rich_text("<p>Text.</p>"))])}))
    return editor.post(add_url(world), data)


@pytest.mark.parametrize(
    "url, message",
    [
        ("http://www.youtube.com/watch?v=abc123", "Only https:// addresses can be embedded"),
        ("https://127.0.0.1/watch?v=abc123", "not by a network address"),
        ("https://[::1]/status/1", "not by a network address"),
        ("https://www.youtube.com:8443/watch?v=abc", "not by a network address"),
        ("https://user@www.youtube.com/watch?v=abc", "not by a network address"),
        ("https://intranet.local/video/1", "Posts from intranet.local cannot be embedded"),
        ("https://www.youtube.com.attacker.example/watch?v=1", "cannot be embedded. Embeds come from YouTube"),
        ("https://metadata.google.internal/computeMetadata/v1/", "cannot be embedded"),
    ],
)
def test_an_embed_off_the_allowlist_is_refused_with_a_message_and_never_fetched(
    world, author, local_finder, url, message
):
    response = post_article_with_embed(world, author, url)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ArticlePage.objects.filter(slug="filed-from-the-newsroom").exists()
    assert local_finder.asked == []  # refused before any finder was asked


def test_an_allowlisted_https_embed_is_fetched_once_and_saved(world, author, local_finder):
    response = post_article_with_embed(world, author, VIDEO)
    assert response.status_code == 302
    article = ArticlePage.objects.get(slug="filed-from-the-newsroom")
    assert article.body[0].block_type == "embed"
    assert local_finder.asked == [VIDEO]
    assert Embed.objects.filter(url=VIDEO).exists()


def test_a_stored_video_embed_renders_its_player_frame_without_scripts(client, make_article):
    store_embed(
        VIDEO,
        '<iframe src="https://www.youtube.com/embed/abc123" onload="alert(1)"></iframe><script>alert(2)</script>',
    )
    article = make_article("With a video", body=[("embed", VIDEO)])
    page = soup(client.get(article.url))
    frame = page.select_one("figure.embed .embed-frame iframe")
    assert frame["src"] == "https://www.youtube.com/embed/abc123"
    assert not frame.has_attr("onload")
    assert frame["title"] == "YouTube video: Launch of the probe"  # what a screen reader announces
    assert frame["loading"] == "lazy"
    assert page.select_one("figure.embed script") is None
    caption = page.select_one("figure.embed figcaption")
    assert "Launch of the probe" in caption.get_text()
    assert caption.a["href"] == VIDEO


def test_a_post_embed_prints_the_quoted_post_and_a_frame_from_elsewhere_loses_its_address(client, make_article):
    store_embed(
        POST,
        '<blockquote class="twitter-tweet"><p>Polls close at eight.</p>— Newsroom '
        '<a href="https://x.com/newsroom/status/1234">28 November</a></blockquote>'
        '<script async src="https://platform.twitter.com/widgets.js"></script>'
        '<iframe src="https://attacker.example/frame"></iframe>',
        kind="rich",
        title="",
        provider="X",
    )
    article = make_article("With a post", body=[("embed", POST)])
    block = soup(client.get(article.url)).select_one("figure.embed")
    assert block.blockquote.p.get_text() == "Polls close at eight."
    assert block.select_one("script") is None
    assert not block.select_one("iframe").has_attr("src")
    assert block.figcaption.a.get_text() == "Open on X"


def test_an_embed_not_stored_yet_prints_a_plain_link_and_the_reader_page_never_fetches(
    client, make_article, local_finder
):
    article = make_article("With a video", body=[("embed", VIDEO)])
    block = soup(client.get(article.url)).select_one("figure.embed")
    assert block.select_one("iframe") is None
    assert block.a["href"] == VIDEO
    assert local_finder.asked == []


def test_reader_pages_may_frame_only_the_allowlisted_players(client, make_article):
    article = make_article("Framing")
    policy = client.get(article.url).headers.get("Content-Security-Policy-Report-Only", "")
    frame_src = next(part for part in policy.split(";") if "frame-src" in part)
    assert "https://www.youtube.com" in frame_src and "https://player.vimeo.com" in frame_src
    assert "twitter" not in frame_src


def test_a_gallery_shows_each_picture_with_its_caption_and_credit(client, make_article):
    first, second = demo_image("g1", "Flooded street"), demo_image("g2", "Rescue boat")
    article = make_article(
        "With a gallery",
        body=[
            (
                "gallery",
                {
                    "title": "The flood in pictures",
                    "images": [
                        {"image": first, "caption": "A flooded street", "credit": "Photo: A. Petrova"},
                        {"image": second, "caption": "A rescue boat", "credit": ""},
                    ],
                },
            )
        ],
    )
    gallery = soup(client.get(article.url)).select_one("figure.gallery")
    assert gallery["aria-label"] == "The flood in pictures"
    items = gallery.select("ul.gallery-grid > li figure")
    assert [item.figcaption.get_text(" ", strip=True) for item in items] == [
        "A flooded street Photo: A. Petrova",
        "A rescue boat",
    ]
    assert all(item.img.has_attr("alt") and item.img["loading"] == "lazy" for item in items)


def test_a_fact_box_is_a_labelled_aside_with_its_facts(client, make_article):
    article = make_article(
        "With facts",
        body=[("fact_box", {"title": "The pipeline in numbers", "facts": "<ul><li>3,000 km</li><li>38 bcm</li></ul>"})],
    )
    box = soup(client.get(article.url)).select_one("aside.fact-box")
    assert box["aria-label"] == "The pipeline in numbers"
    assert box.h2.get_text() == "The pipeline in numbers"
    assert [li.get_text() for li in box.select("li")] == ["3,000 km", "38 bcm"]


def test_a_table_has_a_caption_header_cells_and_scrolls_in_its_own_focusable_box(client, make_article):
    value = {
        "data": [["Year", "Volume"], ["2020", "5 bcm"], ["2021", "10 bcm"], [None, None]],
        "first_row_is_table_header": True,
        "first_col_is_header": True,
        "table_caption": "Gas delivered",
    }
    article = make_article("With a table", body=[("table", value)])
    box = soup(client.get(article.url)).select_one("div.table-scroll")
    assert box["tabindex"] == "0" and box["role"] == "region" and box["aria-label"] == "Gas delivered"
    table = box.table
    assert table.caption.get_text() == "Gas delivered"
    assert [th["scope"] for th in table.thead.select("th")] == ["col", "col"]
    rows = table.tbody.select("tr")
    assert len(rows) == 2  # the empty row is dropped
    assert rows[0].th["scope"] == "row" and rows[0].td.get_text() == "5 bcm"


def test_table_cells_are_escaped(client, make_article):
    value = {"data": [["<script>alert(1)</script>"]], "first_row_is_table_header": False, "table_caption": ""}
    article = make_article("Escaped table", body=[("table", value)])
    html = client.get(article.url).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_read_more_links_to_a_visible_article_and_disappears_when_it_is_unpublished(client, make_article, committed):
    target = make_article("The background to the story")
    article = make_article("Today's story", body=[("read_more", {"article": target, "label": "Background"})])
    line = soup(client.get(article.url)).select_one("p.read-more")
    assert line.get_text(" ", strip=True) == "Background: The background to the story"
    assert line.a["href"] == target.url
    # The page (its cached copy, and the body kept as a part) records the other article as
    # something it shows, so its unpublication re-renders it.
    with committed():
        target.unpublish()
    assert soup(client.get(article.url)).select_one("p.read-more") is None


def test_read_more_to_a_draft_prints_nothing(client, make_article):
    draft = make_article("Not out yet", publish=False)
    article = make_article("Today's story", body=[("read_more", {"article": draft, "label": ""})])
    assert soup(client.get(article.url)).select_one("p.read-more") is None
