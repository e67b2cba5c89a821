"""schema.org JSON-LD for search engines and social cards: NewsArticle and BreadcrumbList on
articles (or what a kind of article registers: `plugins.register_structured_data`), WebSite with
a SearchAction on the front page, CollectionPage on sections and tags, ProfilePage on authors.

Every address is absolute on SITE_URL. The search page belongs to a feature app the core does
not import; its address is looked up by URL name and left out when no search app is installed.
"""

import json

from django.conf import settings
from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from . import plugins
from .addresses import absolute, clean_text, page_url
from .datelines import format_dateline

CONTEXT = "https://schema.org"
LOGO = "newsroom/icons/icon-512.png"
SHARE_IMAGE_SPEC = "fill-1200x675"
# Inside <script>, "</script>" or "<!--" in a headline must not end the block: escape the characters
# that could start markup, as Django's json_script does.
SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def to_script(data):
    """Return the JSON-LD as a <script type="application/ld+json"> element, safe in HTML."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(SCRIPT_ESCAPES)
    # Safe: json.dumps quotes every string and SCRIPT_ESCAPES removes every character that could end the element.
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # nosec B308 B703


def publisher():
    return {
        "@type": "Organization",
        "name": settings.WAGTAIL_SITE_NAME,
        "url": absolute("/"),
        "logo": {"@type": "ImageObject", "url": absolute(static(LOGO)), "width": 512, "height": 512},
    }


def share_image(image):
    """Return the absolute address of the picture social cards and search results show, or ''."""
    return absolute(image.get_rendition(SHARE_IMAGE_SPEC).url) if image else ""


def person(author):
    data = {"@type": "Person", "name": author.name, "url": absolute(author.get_absolute_url())}
    if author.role:
        data["jobTitle"] = author.role
    return data


def breadcrumbs(trail):
    """Return a BreadcrumbList of (name, absolute url) pairs."""
    return {
        "@context": CONTEXT,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": n, "name": clean_text(name), "item": url}
            for n, (name, url) in enumerate(trail, start=1)
        ],
    }


def article(page, *, section, bylines, tags, last_updated_at):
    """Return the NewsArticle and BreadcrumbList of an article page."""
    url = page_url(page)
    # A preview of a never-published draft has no publication time yet: show it as if published now.
    published = page.first_published_at or timezone.now()
    dateline = format_dateline(published)
    news_article = {
        "@context": CONTEXT,
        "@type": "NewsArticle",
        "headline": clean_text(page.title)[:110],
        "description": clean_text(page.standfirst),
        "dateline": f"{page.dateline_place}, {dateline}" if page.dateline_place else dateline,
        "datePublished": published.isoformat(),
        # When readers were last told it changed (the "Updated" mark, corrections), not when the
        # row was last saved: a republication by a migration or a build moves last_published_at.
        "dateModified": (last_updated_at or published).isoformat(),
        "author": [person(a) for a in bylines],
        "publisher": publisher(),
        "articleSection": section.title,
        "keywords": [clean_text(t.name) for t in tags],
        "isAccessibleForFree": True,
        "inLanguage": settings.LANGUAGE_CODE,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
    }
    image = share_image(page.lead_image)
    if image:
        news_article["image"] = [image]
    trail = [(settings.WAGTAIL_SITE_NAME, absolute("/")), (section.title, page_url(section)), (page.title, url)]
    data = [news_article, breadcrumbs(trail)]
    # A kind of article a feature adds (a live blog) may describe itself otherwise, starting from this.
    builder = plugins.structured_data_builder(page)
    return builder(page, data) if builder else data


def search_address():
    try:
        return reverse("search:results")
    except NoReverseMatch:
        return None


def website():
    """Return the WebSite of the front page, with a SearchAction when the site has a search page."""
    data = {
        "@context": CONTEXT,
        "@type": "WebSite",
        "name": settings.WAGTAIL_SITE_NAME,
        "url": absolute("/"),
        "description": settings.SITE_DESCRIPTION,
        "inLanguage": settings.LANGUAGE_CODE,
        "publisher": publisher(),
    }
    search = search_address()
    if search:
        data["potentialAction"] = {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": absolute(search) + "?q={search_term_string}"},
            "query-input": "required name=search_term_string",
        }
    return data


def collection(name, description, url):
    """Return the CollectionPage of a listing (a section or a tag) and its breadcrumbs."""
    page = {
        "@context": CONTEXT,
        "@type": "CollectionPage",
        "name": clean_text(name),
        "description": clean_text(description),
        "url": url,
        "isPartOf": {"@type": "WebSite", "name": settings.WAGTAIL_SITE_NAME, "url": absolute("/")},
    }
    return [page, breadcrumbs([(settings.WAGTAIL_SITE_NAME, absolute("/")), (name, url)])]


def profile(author):
    """Return the ProfilePage of an author page."""
    main = person(author)
    if author.bio:
        main["description"] = clean_text(author.bio)
    image = share_image(author.photo)
    if image:
        main["image"] = image
    return {
        "@context": CONTEXT,
        "@type": "ProfilePage",
        "url": absolute(author.get_absolute_url()),
        "mainEntity": main,
    }
