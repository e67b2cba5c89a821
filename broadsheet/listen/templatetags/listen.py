from django import template

from broadsheet.newsroom.models import ArticlePage, SectionPage

from ..models import ArticleAudio

register = template.Library()


@register.simple_tag
def audio_of(page):
    """Return the article's audio when a file is ready, else None (the action bar then offers none)."""
    if not isinstance(page, ArticlePage):
        return None
    return ArticleAudio.objects.filter(pk=page.pk).exclude(file="").first()


@register.simple_tag
def section_of(page, current_section=None):
    """Return the section whose podcast a page offers: the section itself, or the article's."""
    if isinstance(page, SectionPage):
        return page
    return current_section if isinstance(current_section, SectionPage) else None
