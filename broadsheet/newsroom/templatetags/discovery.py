"""Template tags for what machines read in a page's head: canonical addresses, feeds, JSON-LD,
social cards and the search engine browsers can add."""

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html, format_html_join

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


def default_share_image():
    """Return the absolute address of the picture a page without one of its own is shared with."""
    return absolute(
        settings.SITE_SHARE_IMAGE if "://" in settings.SITE_SHARE_IMAGE else static(settings.SITE_SHARE_IMAGE)
    )


def open_graph_locale():
    """Return LANGUAGE_CODE as Open Graph writes a locale ("en-gb" → "en_GB")."""
    language, _, region = settings.LANGUAGE_CODE.partition("-")
    return f"{language}_{region.upper()}" if region else language


@register.simple_tag(takes_context=True)
def social_card(
    context,
    title="",
    description="",
    url="",
    image="",
    kind="website",
    image_alt="",
    image_width=None,
    image_height=None,
):
    """Return a page's Open Graph and Twitter card: every property the protocols require, always.

    Whatever a page does not say falls back to the site's: its name, its description, its share
    picture, and the address the page was asked for.
    """
    request = context.get("request")
    page = context.get("page")
    if page is not None and not title:
        # A Wagtail page with no card of its own (About, Contact…) still names itself.
        title = getattr(page, "seo_title", "") or getattr(page, "title", "")
        description = description or getattr(page, "search_description", "")
    if not url:
        url = absolute(request.path if request is not None else "/")
    if not image:
        image, image_width, image_height, image_alt = default_share_image(), None, None, ""
    properties = [
        ("og:type", kind),
        ("og:site_name", settings.WAGTAIL_SITE_NAME),
        ("og:locale", open_graph_locale()),
        ("og:title", title or settings.WAGTAIL_SITE_NAME),
        ("og:description", description or settings.SITE_DESCRIPTION),
        ("og:url", url),
        ("og:image", image),
    ]
    if image_width and image_height:
        properties += [("og:image:width", image_width), ("og:image:height", image_height)]
    if image_alt:
        properties.append(("og:image:alt", image_alt))
    tags = format_html_join("\n  ", '<meta property="{}" content="{}">', properties)
    # Twitter reads title, description and picture from Open Graph; only the card's kind is its own.
    return format_html('{}\n  <meta name="twitter:card" content="summary_large_image">', tags)


@register.simple_tag
def opensearch_link():
    """Announce the site's search to browsers (OpenSearch), when a search app is installed."""
    if structured_data.search_address() is None:
        return ""
    return format_html(
        '<link rel="search" type="application/opensearchdescription+xml" title="{}" href="{}">',
        settings.WAGTAIL_SITE_NAME,
        absolute(reverse("opensearch")),
    )
