"""Sitemaps for search engines: an index, paginated sitemaps of articles, sections, tags and
authors, and a Google News sitemap of the last 48 hours.

Django's `Sitemap` classes list the items; the views are ours because every address must be on
SITE_URL (Django's views take the host from the request) and because pages are numbered in the
path (`articles-2.xml`), which the page cache keys on, rather than in `?p=`, which it ignores.
Only what `ArticlePage.objects.visible()` returns is ever listed.
"""

from datetime import timedelta
from types import SimpleNamespace
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.paginator import EmptyPage
from django.db.models import Max
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from broadsheet.pagecache.dependencies import listing_key, mark_cacheable, object_key

from .addresses import absolute, clean_text
from .models import ArticlePage, Author, HomePage, SectionPage, Tag

NEWS_WINDOW = timedelta(hours=48)
# Google reads at most 1,000 articles from a news sitemap.
NEWS_LIMIT = 1000
XML = "application/xml; charset=utf-8"


def root_path():
    """Return the url_path of the site's root page ("/home/"), which page addresses start after."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    return site.root_page.url_path if site else "/"


def path_of(url_path, root):
    """Return the address of a page from its url_path, without asking Wagtail page by page."""
    return "/" + url_path[len(root) :] if url_path.startswith(root) else None


class ArticleSitemap(Sitemap):
    # Small enough that one page renders quickly in a 100,000-article newsroom.
    limit = 5000

    def items(self):
        self.root = root_path()
        return (
            ArticlePage.objects.visible()
            .order_by("pk")
            .values("pk", "url_path", "first_published_at", "last_published_at", "updated_at")
        )

    def location(self, item):
        return path_of(item["url_path"], self.root)

    def lastmod(self, item):
        return max(filter(None, [item["first_published_at"], item["last_published_at"], item["updated_at"]]))

    def dependencies(self, page):
        # Any publication, edit or removal of an article invalidates the front page's listing key.
        return {listing_key(HomePage)}


class SectionSitemap(Sitemap):
    def items(self):
        return list(SectionPage.objects.visible().order_by("path"))

    def location(self, section):
        return section.get_url_parts()[2]

    def lastmod(self, section):
        newest = ArticlePage.objects.visible().children_of(section).aggregate(at=Max("last_published_at"))["at"]
        return max(filter(None, [newest, section.last_published_at]))

    def dependencies(self, page):
        return {listing_key(HomePage)}


class TagSitemap(Sitemap):
    """Tags with at least one visible article (an empty tag page is not worth a crawler's visit)."""

    limit = 5000

    def items(self):
        visible = ArticlePage.objects.visible().values("pk")
        return (
            Tag.objects.filter(article_tags__article__in=visible)
            .annotate(newest=Max("article_tags__article__last_published_at"))
            .order_by("pk")
        )

    def lastmod(self, tag):
        return tag.newest

    def dependencies(self, page):
        return {listing_key(HomePage)} | {listing_key(Tag, tag.pk) for tag in page.object_list}


class AuthorSitemap(Sitemap):
    limit = 5000

    def items(self):
        visible = ArticlePage.objects.visible().values("pk")
        return (
            Author.objects.filter(bylines__article__in=visible)
            .annotate(newest=Max("bylines__article__last_published_at"))
            .order_by("pk")
        )

    def lastmod(self, author):
        return author.newest

    def dependencies(self, page):
        return {listing_key(HomePage)} | {object_key(Author, author.pk) for author in page.object_list}


SITEMAPS = {"articles": ArticleSitemap, "sections": SectionSitemap, "tags": TagSitemap, "authors": AuthorSitemap}


def site_for_urls():
    """Return the (site, protocol) Django's Sitemap.get_urls() builds absolute addresses from."""
    parts = urlsplit(settings.SITE_URL)
    return SimpleNamespace(domain=parts.netloc + parts.path), parts.scheme


def index(request):
    """List every sitemap page (numbers only: reading every entry to date each page would cost more
    than crawlers gain, and lastmod is optional in an index)."""
    sitemaps = [
        absolute(reverse("newsroom:sitemap", args=[name, number]))
        for name, sitemap_class in SITEMAPS.items()
        for paginator in [sitemap_class().paginator]
        if paginator.count  # an empty urlset is not a valid sitemap
        for number in paginator.page_range
    ]
    response = TemplateResponse(request, "newsroom/sitemaps/index.xml", {"sitemaps": sitemaps}, content_type=XML)
    return mark_cacheable(response, {listing_key(HomePage)})


def section(request, name, number):
    """Serve one page of one sitemap."""
    sitemap_class = SITEMAPS.get(name)
    if sitemap_class is None:
        raise Http404("No such sitemap.")
    sitemap = sitemap_class()
    site, protocol = site_for_urls()
    try:
        page = sitemap.paginator.page(number)
    except EmptyPage as error:
        raise Http404("No such sitemap page.") from error
    urls = sitemap.get_urls(page=number, site=site, protocol=protocol)
    response = TemplateResponse(request, "newsroom/sitemaps/urlset.xml", {"urls": urls}, content_type=XML)
    return mark_cacheable(response, sitemap.dependencies(page))


def news(request):
    """List the visible articles of the last 48 hours in Google News' format.

    Not kept in the page cache: an article must leave it when it turns 48 hours old, which no
    editorial event announces; it is small and cheap to build.
    """
    since = timezone.now() - NEWS_WINDOW
    root = root_path()
    articles = (
        ArticlePage.objects.visible()
        .filter(first_published_at__gte=since)
        .newest_first()
        .values("url_path", "title", "first_published_at")[:NEWS_LIMIT]
    )
    entries = [
        {
            "location": absolute(path_of(a["url_path"], root)),
            "title": clean_text(a["title"]),
            "published_at": a["first_published_at"],
        }
        for a in articles
        if path_of(a["url_path"], root)
    ]
    context = {
        "entries": entries,
        "publication": clean_text(settings.WAGTAIL_SITE_NAME),
        "language": settings.LANGUAGE_CODE.split("-")[0],
    }
    response = TemplateResponse(request, "newsroom/sitemaps/news.xml", context, content_type=XML)
    response["Cache-Control"] = "public, max-age=300"
    return response
