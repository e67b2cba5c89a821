from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from broadsheet.pagecache.dependencies import listing_key, mark_cacheable, object_key, page_key

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
