"""The footer of every page: sections, feeds, the podcasts Listen registers and the standing pages, kept fresh."""

import re

import pytest

from broadsheet.legal.demo import add_demo_legal_pages
from broadsheet.legal.models import LegalPage


def footer_of(response):
    html = response.content.decode()
    found = re.search(r'<footer class="site-footer">.*?</footer>', html, re.S)
    assert found, "no footer"
    return found.group(0)


@pytest.fixture
def newsroom(home, make_article, committed):
    with committed():
        add_demo_legal_pages({})
    return make_article("Ceasefire talks resume")


@pytest.mark.parametrize("where", ["front", "article", "about", "contact"])
def test_every_page_has_a_footer_with_sections_feeds_podcasts_and_standing_pages(client, newsroom, where):
    path = {"front": "/", "article": newsroom.url, "about": "/about/", "contact": "/contact/"}[where]
    footer = footer_of(client.get(path))
    for label in ("All sections", "Feeds", "Listen", "The newsroom"):
        assert f">{label}</h2>" in footer
    for address in ("/world/", "/feeds/rss/", "/feeds/atom/", "/feeds/json/"):
        assert f'href="{address}"' in footer
    # Registered by the Listen app through the footer slot, not named by the core's template.
    for address in ("/listen/podcast.xml", "/listen/bulletins.xml"):
        assert f'href="{address}"' in footer
    for address in ("/about/", "/contact/", "/privacy/", "/terms/"):
        assert f'href="{address}"' in footer
    assert footer.count("<nav ") == 4 and footer.count("aria-labelledby=") == 4


def test_publishing_and_unpublishing_a_standing_page_refreshes_cached_footers(client, newsroom, committed):
    for path in ("/", newsroom.url):
        client.get(path)
        assert client.get(path)["X-Page-Cache"] == "hit"
    privacy = LegalPage.objects.get(slug="privacy")
    with committed():
        privacy.unpublish()
    for path in ("/", newsroom.url, "/about/"):
        assert 'href="/privacy/"' not in footer_of(client.get(path))
    privacy = LegalPage.objects.get(slug="privacy")
    privacy.title = "How we use your data"
    with committed():
        privacy.save_revision().publish()
    for path in ("/", newsroom.url, "/about/"):
        assert '<a href="/privacy/">How we use your data</a>' in footer_of(client.get(path))
