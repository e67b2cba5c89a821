"""Sitemaps for search engines: an index, paginated sitemaps of articles (with their lead pictures,
Google's image extension), sections, tags and authors, and a Google News sitemap of the last 48 hours
(and of what a feature keeps as news past them: a live blog while its coverage is live).

Django's `Sitemap` classes list the items; the views are ours because every address must be on
SITE_URL (Django's views take the host from the request) and because pages are numbered in the
path (`articles-2.xml`), which the page cache keys on, rather than in `?p=`, which it ignores.
Only what `ArticlePage.objects.visible()` returns is ever listed.

An article's lastmod is when it last changed for readers (CHANGED_AT), not when its row was last
saved: Wagtail's last_published_at also moves when a page is republished by a migration, a bulk
move or a demo build, which would tell crawlers every page changed at once.
"""

from datetime import timedelta
from types import SimpleNamespace
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.paginator import EmptyPage
from django.db.models import F, Max, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Site

from broadsheet.pagecache.dependencies import listing_key, mark_cacheable, object_key

from . import plugins
from .addresses import absolute, clean_text
from .models import ArticlePage, Author, Correction, HomePage, SectionPage, Tag
from .structured_data import SHARE_IMAGE_SPEC

NEWS_WINDOW = timedelta(hours=48)
# Google reads at most 1,000 articles from a news sitemap.
NEWS_LIMIT = 1000
XML = "application/xml; charset=utf-8"


def changed_at(prefix=""):
    """Return the moment an article last changed for readers, as a database expression.

    The rule of `ArticlePage.last_updated_at`: the later of its publication, the editor's
    "Updated" mark and its corrections, and of what kinds of article change outside their
    revisions (a live blog's entries: `plugins.register_change_time`). `prefix` reaches the
    article through a relation.
    """
    first = F(f"{prefix}first_published_at")
    article = OuterRef(f"{prefix}pk" if prefix else "pk")
    corrected = Subquery(
        Correction.objects.filter(article=article).order_by("-published_at").values("published_at")[:1]
    )
    others = [Coalesce(change.expression(article), first) for change in plugins.change_times()]
    return Greatest(first, Coalesce(f"{prefix}updated_at", first), Coalesce(corrected, first), *others)


def change_dependencies():
    """Return the keys that move when a kind of article changes outside its revisions (lists of change times)."""
    return {change.dependency for change in plugins.change_times()}


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
            .annotate(changed_at=changed_at())
            .order_by("pk")
            .values("pk", "url_path", "changed_at", "lead_image_id")
        )

    def location(self, item):
        return path_of(item["url_path"], self.root)

    def lastmod(self, item):
        return item["changed_at"]

    def add_images(self, urls):
        """Give each entry the address of its lead picture as articles and social cards show it.

        The renditions are read in one query; one missing (a picture never shown yet) is made here.
        """
        ids = {url["item"]["lead_image_id"] for url in urls} - {None}
        wanted = Prefetch(
            "renditions", get_image_model().get_rendition_model().objects.filter(filter_spec=SHARE_IMAGE_SPEC)
        )
        pictures = get_image_model().objects.filter(pk__in=ids).prefetch_related(wanted).in_bulk()
        for url in urls:
            picture = pictures.get(url["item"]["lead_image_id"])
            url["image"] = absolute(picture.get_rendition(SHARE_IMAGE_SPEC).url) if picture else ""
        self.picture_keys = {object_key(get_image_model(), pk) for pk in pictures}

    def dependencies(self, page):
        # Any publication, edit or removal of an article invalidates the front page's listing key;
        # a picture's new focal point gives it a new rendition address.
        return {listing_key(HomePage)} | change_dependencies() | getattr(self, "picture_keys", set())


class SectionSitemap(Sitemap):
    def items(self):
        return list(SectionPage.objects.visible().order_by("path"))

    def location(self, section):
        return section.get_url_parts()[2]

    def lastmod(self, section):
        """Return when the section's newest change to an article was (a section page is its listing)."""
        newest = ArticlePage.objects.visible().children_of(section).aggregate(at=Max(changed_at()))["at"]
        return newest or section.first_published_at

    def dependencies(self, page):
        return {listing_key(HomePage)} | change_dependencies()


class TagSitemap(Sitemap):
    """Tags with at least one visible article (an empty tag page is not worth a crawler's visit)."""

    limit = 5000

    def items(self):
        visible = ArticlePage.objects.visible().values("pk")
        return (
            Tag.objects.filter(article_tags__article__in=visible)
            .annotate(newest=Max(changed_at("article_tags__article__")))
            .order_by("pk")
        )

    def lastmod(self, tag):
        return tag.newest

    def dependencies(self, page):
        return {listing_key(HomePage)} | change_dependencies() | {listing_key(Tag, tag.pk) for tag in page.object_list}


class AuthorSitemap(Sitemap):
    limit = 5000

    def items(self):
        visible = ArticlePage.objects.visible().values("pk")
        return (
            Author.objects.filter(bylines__article__in=visible)
            .annotate(newest=Max(changed_at("bylines__article__")))
            .order_by("pk")
        )

    def lastmod(self, author):
        return author.newest

    def dependencies(self, page):
        return {listing_key(HomePage)} | change_dependencies() | {object_key(Author, a.pk) for a in page.object_list}


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
    if hasattr(sitemap, "add_images"):
        sitemap.add_images(urls)
    response = TemplateResponse(request, "newsroom/sitemaps/urlset.xml", {"urls": urls}, content_type=XML)
    return mark_cacheable(response, sitemap.dependencies(page))


def news(request):
    """List the visible articles of the last 48 hours (and those still news: a live blog while live) for Google News.

    Google lets a news sitemap go empty when nothing was published for two days, but an empty
    <urlset> is refused by the sitemap schema. Its other documented way of retiring an article is
    to keep the address without the <news:news> part: so, with nothing new, the newest article is
    listed that way, and the document stays valid. A site with no article at all answers 404.

    Not kept in the page cache: an article must leave it when it turns 48 hours old, which no
    editorial event announces; it is small and cheap to build.
    """
    since = timezone.now() - NEWS_WINDOW
    root = root_path()
    newest = ArticlePage.objects.visible().newest_first().values("url_path", "title", "first_published_at")
    # A kind of article may stay news past the window (a live blog while its coverage is live).
    is_recent = Q(first_published_at__gte=since)
    for condition in plugins.still_news():
        is_recent |= condition()
    articles = list(newest.filter(is_recent)[:NEWS_LIMIT])
    is_news = bool(articles)
    if not is_news:
        articles = list(newest[:1])
    entries = [
        {
            "location": absolute(path_of(a["url_path"], root)),
            "title": clean_text(a["title"]),
            "published_at": a["first_published_at"],
        }
        for a in articles
        if path_of(a["url_path"], root)
    ]
    if not entries:
        raise Http404("No article has been published yet.")
    context = {
        "entries": entries,
        "is_news": is_news,
        "publication": clean_text(settings.WAGTAIL_SITE_NAME),
        "language": settings.LANGUAGE_CODE.split("-")[0],
    }
    response = TemplateResponse(request, "newsroom/sitemaps/news.xml", context, content_type=XML)
    response["Cache-Control"] = "public, max-age=300"
    return response
