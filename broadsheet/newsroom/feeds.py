"""RSS 2.0, Atom and JSON Feed 1.1 of the newest visible articles: site-wide and per section, tag and author.

Built on Django's syndication framework (RSS and Atom) and served through the page cache with the
same listing keys as the pages they mirror, so a publication refreshes the feed as it refreshes the
section page. Every address in a feed is absolute on SITE_URL; text is cleaned of the control
characters XML cannot carry; item ids are tag URIs made from the article's id, so they survive a
new headline or slug. An item's update time is when readers were last told it changed
(`sitemaps.changed_at`), the same moment sitemaps and JSON-LD give.
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.templatetags.static import static
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.http import http_date
from wagtail.rich_text import expand_db_html

from broadsheet.pagecache.dependencies import listing_key, mark_cacheable, object_key, page_key

from .addresses import absolute, absolute_references, clean_text, page_url, site_host
from .models import ArticlePage, Author, HomePage, SectionPage, Tag
from .sitemaps import changed_at

FEED_LENGTH = 30
FORMATS = ("rss", "atom", "json")
KINDS = {"sections": SectionPage, "tags": Tag, "authors": Author}
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
LEAD_IMAGE_SPEC = "fill-1200x675"


@dataclass
class Scope:
    """What one feed covers: a title, the page it mirrors, its articles and its cache keys."""

    title: str
    description: str
    page_path: str
    articles: object
    keys: set = field(default_factory=set)
    kind: str = ""
    slug: str = ""

    def feed_path(self, format):
        if self.kind:
            return reverse("newsroom:scoped_feed", args=[self.kind, self.slug, format])
        return reverse("newsroom:feed", args=[format])

    @cached_property
    def items(self):
        articles = self.articles.for_listing(renditions=[LEAD_IMAGE_SPEC]).annotate(changed_at=changed_at())
        articles = articles.newest_first()
        return list(articles.prefetch_related("tags__tag", "bylines__author")[:FEED_LENGTH])

    def last_modified(self):
        """Return when the newest change to any of the feed's articles was, or None for an empty feed."""
        return max((article.changed_at for article in self.items), default=None)

    def dependencies(self):
        """Return the keys of everything the feed prints: its listing, each item, their authors and tags."""
        keys = set(self.keys) | {page_key(a) for a in self.items}
        for article in self.items:
            keys |= {object_key(Author, b.author_id) for b in article.bylines.all()}
            keys |= {listing_key(Tag, t.tag_id) for t in article.tags.all()}
        return keys


def scope_of(kind=None, slug=None):
    """Return the Scope a feed address names, or raise Http404."""
    visible = ArticlePage.objects.visible()
    site_name = settings.WAGTAIL_SITE_NAME
    if kind is None:
        return Scope(site_name, settings.SITE_DESCRIPTION, "/", visible, {listing_key(HomePage)})
    if kind == "sections":
        section = SectionPage.objects.visible().filter(slug=slug).first()
        if section is None:
            raise Http404("No such section.")
        return Scope(
            f"{section.title} · {site_name}",
            section.intro or f"The latest {section.title} news from {site_name}.",
            section.get_url_parts()[2],
            visible.children_of(section),
            {listing_key(SectionPage, section.pk)},
            kind,
            slug,
        )
    if kind == "tags":
        tag = get_object_or_404(Tag, slug=slug)
        return Scope(
            f"{tag.name} · {site_name}",
            tag.description or f"Articles about {tag.name} from {site_name}.",
            tag.get_absolute_url(),
            visible.filter(tags__tag=tag),
            {listing_key(Tag, tag.pk)},
            kind,
            slug,
        )
    if kind == "authors":
        author = get_object_or_404(Author, slug=slug)
        return Scope(
            f"{author.name} · {site_name}",
            author.role or f"Articles by {author.name} on {site_name}.",
            author.get_absolute_url(),
            visible.filter(bylines__author=author),
            {listing_key(Author, author.pk), object_key(Author, author.pk)},
            kind,
            slug,
        )
    raise Http404("No such feed.")


def item_id(article):
    """Return a permanent id for the article: a tag URI (RFC 4151) that no edit changes."""
    return f"tag:{site_host()},{article.first_published_at:%Y-%m-%d}:article:{article.pk}"


def content_html(article):
    """Return the article's full body as HTML with absolute addresses (readers show it off-site)."""
    parts = []
    for block in article.body:
        if block.block_type == "paragraph":
            parts.append(expand_db_html(block.value.source))
        else:
            parts.append(block.render())
    return absolute_references("\n".join(str(p) for p in parts))


def lead_image(article):
    """Return (absolute url, bytes, mime type) of the article's lead picture as pages show it, or None."""
    if not article.lead_image:
        return None
    rendition = article.lead_image.get_rendition(LEAD_IMAGE_SPEC)
    try:
        length = rendition.file.size
    except OSError:  # a missing file on disk must not take the feed down
        length = 0
    extension = rendition.file.name.rsplit(".", 1)[-1].lower()
    mime = {"jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp"}.get(extension)
    return absolute(rendition.url), length, mime or "application/octet-stream"


def authors_of(article):
    return [b.author for b in article.bylines.all()]


class RssWithContent(Rss201rev2Feed):
    """RSS 2.0 with the full article in <content:encoded>, which feed readers show in place."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:content": "http://purl.org/rss/1.0/modules/content/"}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("content:encoded", item["content_html"])


class AtomWithContent(Atom1Feed):
    """Atom with the full article in <content type="html"> beside the standfirst as summary."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("content", item["content_html"], {"type": "html"})


class ArticleFeed(Feed):
    """Django's syndication view over a Scope (given as the `scope` keyword)."""

    item_guid_is_permalink = False

    def __init__(self, feed_type):
        super().__init__()
        self.feed_type = feed_type
        self.format = "rss" if feed_type is RssWithContent else "atom"

    def get_object(self, request, scope):
        return scope

    def title(self, scope):
        return clean_text(scope.title)

    def description(self, scope):
        return clean_text(scope.description)

    subtitle = description

    def link(self, scope):
        return absolute(scope.page_path)

    def feed_url(self, scope):
        return absolute(scope.feed_path(self.format))

    def feed_guid(self, scope):
        return absolute(scope.feed_path(self.format))

    def items(self, scope):
        return scope.items

    def item_title(self, article):
        return clean_text(article.title)

    def item_description(self, article):
        return clean_text(article.standfirst)

    def item_link(self, article):
        return page_url(article)

    def item_guid(self, article):
        return item_id(article)

    def item_pubdate(self, article):
        return article.first_published_at

    def item_updateddate(self, article):
        return article.changed_at

    def item_author_name(self, article):
        return clean_text(", ".join(a.name for a in authors_of(article))) or None

    def item_author_link(self, article):
        authors = authors_of(article)
        return absolute(authors[0].get_absolute_url()) if len(authors) == 1 else None

    def item_categories(self, article):
        return [clean_text(t.tag.name) for t in article.tags.all()]

    def item_enclosures(self, article):
        image = lead_image(article)
        return [Enclosure(image[0], str(image[1]), image[2])] if image else []

    def item_extra_kwargs(self, article):
        return {"content_html": clean_text(content_html(article))}


def json_feed(scope):
    """Return the JSON Feed 1.1 document (https://www.jsonfeed.org/version/1.1/) for a Scope."""
    items = []
    for article in scope.items:
        item = {
            "id": item_id(article),
            "url": page_url(article),
            "title": clean_text(article.title),
            "summary": clean_text(article.standfirst),
            "content_html": clean_text(content_html(article)),
            "date_published": article.first_published_at.isoformat(),
            "date_modified": article.changed_at.isoformat(),
            "authors": [
                {"name": clean_text(a.name), "url": absolute(a.get_absolute_url())} for a in authors_of(article)
            ],
            "tags": [clean_text(t.tag.name) for t in article.tags.all()],
        }
        image = lead_image(article)
        if image:
            item["image"] = image[0]
            item["attachments"] = [{"url": image[0], "mime_type": image[2], "size_in_bytes": image[1]}]
        items.append(item)
    return {
        "version": JSON_FEED_VERSION,
        "title": clean_text(scope.title),
        "home_page_url": absolute(scope.page_path),
        "feed_url": absolute(scope.feed_path("json")),
        "description": clean_text(scope.description),
        "language": settings.LANGUAGE_CODE,
        "icon": absolute(static("newsroom/icons/icon-512.png")),
        "favicon": absolute(static("newsroom/icons/icon-64.png")),
        "items": items,
    }


def feed(request, format, kind=None, slug=None):
    """Serve one feed of the newest visible articles, from the page cache when nothing changed."""
    if format not in FORMATS:
        raise Http404("No such feed format.")
    scope = scope_of(kind, slug)
    if format == "json":
        response = JsonResponse(json_feed(scope), content_type="application/feed+json; charset=utf-8")
    else:
        response = ArticleFeed(RssWithContent if format == "rss" else AtomWithContent)(request, scope=scope)
    # Feed readers poll: with this (kept and replayed by the page cache) one that sends
    # If-Modified-Since rather than If-None-Match also gets 304.
    last_modified = scope.last_modified()
    if last_modified:
        response["Last-Modified"] = http_date(last_modified.timestamp())
    return mark_cacheable(response, scope.dependencies())


def autodiscovery(kind=None, slug=None, title=""):
    """Return (mime type, title, path) of the feeds a page should announce in its head."""
    mimes = {"rss": "application/rss+xml", "atom": "application/atom+xml", "json": "application/feed+json"}
    names = {"rss": "RSS", "atom": "Atom", "json": "JSON Feed"}
    if kind:
        paths = {f: reverse("newsroom:scoped_feed", args=[kind, slug, f]) for f in FORMATS}
    else:
        paths = {f: reverse("newsroom:feed", args=[f]) for f in FORMATS}
    return [(mimes[f], f"{title} ({names[f]})" if title else names[f], paths[f]) for f in FORMATS]
