from pathlib import Path

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import reverse

from broadsheet.pagecache.dependencies import listing_key, mark_cacheable, object_key, page_key

from .addresses import absolute
from .models import ArticlePage, Author, Tag
from .pagination import paginate


def tag_page(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    articles = paginate(request, ArticlePage.objects.visible().filter(tags__tag=tag).for_listing().newest_first())
    response = TemplateResponse(request, "newsroom/tag_page.html", {"tag": tag, "articles": articles})
    return mark_cacheable(response, {listing_key(Tag, tag.pk)} | {page_key(a) for a in articles}, paginated=True)


def author_page(request, slug):
    author = get_object_or_404(Author.objects.select_related("photo"), slug=slug)
    articles = paginate(
        request, ArticlePage.objects.visible().filter(bylines__author=author).for_listing().newest_first()
    )
    response = TemplateResponse(request, "newsroom/author_page.html", {"author": author, "articles": articles})
    return mark_cacheable(
        response,
        {listing_key(Author, author.pk), object_key(Author, author.pk)} | {page_key(a) for a in articles},
        paginated=True,
    )


ICONS = Path(__file__).resolve().parent / "static" / "newsroom" / "icons"
# Browsers ask for /favicon.ico whatever the page says; read once, it never changes in a release.
FAVICON = (ICONS / "favicon.ico").read_bytes()


def robots_txt(request):
    """Name the sitemaps and keep crawlers out of the back office and per-reader fragments."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /f/",
        "",
        f"Sitemap: {absolute(reverse('newsroom:sitemap_index'))}",
        f"Sitemap: {absolute(reverse('newsroom:news_sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def favicon(request):
    response = HttpResponse(FAVICON, content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=86400"
    return response


def web_manifest(request):
    """Describe the site to browsers that add it to a home screen."""
    icons = [
        {"src": static(f"newsroom/icons/icon-{n}.png"), "sizes": f"{n}x{n}", "type": "image/png"} for n in (192, 512)
    ]
    manifest = {
        "name": settings.WAGTAIL_SITE_NAME,
        "short_name": settings.WAGTAIL_SITE_NAME[:12],
        "description": settings.SITE_DESCRIPTION,
        "start_url": "/",
        "display": "browser",
        "background_color": "#ffffff",
        "theme_color": "#1d2a44",
        "icons": icons,
    }
    return JsonResponse(manifest, content_type="application/manifest+json")
