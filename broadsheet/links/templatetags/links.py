from django import template

from broadsheet.newsroom.models import ArticlePage

from ..models import ShortLink

register = template.Library()


@register.simple_tag
def short_link_of(page):
    """Return the short link of an article, or None (the action bar then offers none)."""
    if not isinstance(page, ArticlePage):
        return None
    return ShortLink.objects.filter(page=page).first()


@register.filter
def is_article(page):
    return isinstance(page, ArticlePage)
