"""Template tags for what machines read in a page's head: canonical addresses, feeds, JSON-LD."""

from django import template
from django.utils.html import format_html_join

from .. import structured_data
from ..addresses import absolute, page_url
from ..feeds import autodiscovery

register = template.Library()


@register.simple_tag
def absolute_url(path):
    """Return a site address on SITE_URL (canonical links, og:url)."""
    return absolute(path)


@register.simple_tag
def page_address(page):
    return page_url(page)


@register.simple_tag
def share_image(image):
    return structured_data.share_image(image)


@register.simple_tag
def feed_links(kind=None, slug=None, title=""):
    """Announce a page's feeds to browsers and feed readers (autodiscovery)."""
    links = autodiscovery(kind, slug, title)
    return format_html_join(
        "\n    ", '<link rel="alternate" type="{}" title="{}" href="{}">', ((m, t, absolute(p)) for m, t, p in links)
    )


@register.simple_tag(takes_context=True)
def article_json_ld(context):
    return structured_data.to_script(
        structured_data.article(
            context["page"],
            section=context["current_section"],
            bylines=context["bylines"],
            tags=context["article_tags"],
            last_updated_at=context["last_updated_at"],
        )
    )


@register.simple_tag
def website_json_ld():
    return structured_data.to_script(structured_data.website())


@register.simple_tag
def collection_json_ld(name, description, path):
    return structured_data.to_script(structured_data.collection(name, description, absolute(path)))


@register.simple_tag
def profile_json_ld(author):
    return structured_data.to_script(structured_data.profile(author))
