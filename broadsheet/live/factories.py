"""Live blogs for tests and the demo: a page in a section, and entries published as an editor would."""

from broadsheet.newsroom.factories import create_article, paragraphs_body

from .models import LivePage


def create_live_page(section=None, title="Live: the summit", **fields):
    """Create and publish a live blog (a summary of two paragraphs unless `body` is given)."""
    fields.setdefault("body", paragraphs_body(["What we know so far.", "Leaders arrive tonight."]))
    return create_article(section, title, page_class=LivePage, **fields)
