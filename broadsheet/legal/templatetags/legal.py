from django import template

from ..footer import standing_pages

register = template.Library()


@register.simple_tag(takes_context=True)
def footer_standing_pages(context):
    return standing_pages(context.get("request"))
