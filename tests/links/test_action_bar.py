"""'Get short URL' in the article's action bar: in the cached HTML, usable without JavaScript."""

import re

from broadsheet.links.models import ShortLink
from broadsheet.links.services import shorten


def test_the_article_shows_its_short_link_in_a_labelled_read_only_field(client, article, link):
    html = client.get(article.url).content.decode()
    field = re.search(r'<input id="short-link-(\w+)"[^>]*>', html)
    assert field and field.group(1) == link.code
    assert f'value="{link.url}"' in field.group(0) and "readonly" in field.group(0)
    assert f'<label for="short-link-{link.code}">' in html
    assert link.url == f"http://testserver/s/{link.code}" or link.url.endswith(f"/s/{link.code}")
    # The copy button is shown by the script; without it the field alone is there.
    assert re.search(r'<button type="button" class="short-link-copy"[^>]*hidden>Copy</button>', html)
    # The QR code has its size set, so it moves nothing when it loads; and it can be downloaded.
    assert f'src="/links/qr/{link.code}.svg" width="148" height="148"' in html
    assert f'href="/links/qr/{link.code}.svg" download=' in html
    assert '<summary class="action">Get short URL</summary>' in html


def test_the_stylesheet_and_script_load_on_articles_only(client, article, world):
    assert "links/links.css" in client.get(article.url).content.decode()
    assert "links/links.js" in client.get(article.url).content.decode()
    assert "links/links.css" not in client.get(world.url).content.decode()


def test_a_link_made_after_the_article_was_cached_appears_in_the_cached_article(client, article, link, committed):
    ShortLink.objects.filter(pk=link.pk).delete()  # as for an article published before short links existed
    first = client.get(article.url)
    assert first["X-Page-Cache"] == "miss" and b"Get short URL" not in first.content
    assert client.get(article.url)["X-Page-Cache"] == "hit"
    with committed():
        new, _ = shorten(article)
    again = client.get(article.url)
    assert again["X-Page-Cache"] == "miss"
    assert new.code.encode() in again.content


def test_the_qr_code_is_an_svg_of_the_short_link(client, link):
    response = client.get(f"/links/qr/{link.code}.svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    svg = response.content.decode()
    assert 'xmlns="http://www.w3.org/2000/svg"' in svg and "viewBox" in svg
    assert f"<title>{link.url}</title>" in svg


def test_the_qr_code_of_an_unpublished_or_unknown_link_is_not_found(client, article, link):
    unknown = client.get("/links/qr/zzzzzzzzz.svg")
    assert unknown.status_code == 404
    article.unpublish()
    hidden = client.get(f"/links/qr/{link.code}.svg")
    assert (hidden.status_code, hidden.content) == (404, unknown.content)


def test_a_section_link_adds_nothing_to_the_section_page(client, world, article, link):
    section_link, _ = shorten(world)
    response = client.get(world.url)
    html = response.content.decode()
    assert response.status_code == 200 and article.title in html  # the section's page, listing its article
    assert "Get short URL" not in html and f"/s/{section_link.code}" not in html
    assert f"/s/{link.code}" in client.get(article.url).content.decode()  # as the article's page shows its own
