from django import template
from django.utils.html import format_html

from ..datelines import format_dateline

register = template.Library()


@register.simple_tag
def dateline(moment, css_class="dateline"):
    """Render a publication moment as a machine-readable <time> with the newsroom's dateline text."""
    if moment is None:
        return ""
    return format_html(
        '<time class="{}" datetime="{}">{}</time>', css_class, moment.isoformat(), format_dateline(moment)
    )
