from django import template
from django.utils.html import format_html, format_html_join

from .. import plugins
from ..datelines import format_dateline

register = template.Library()


@register.simple_tag
def dateline(moment, css_class="dateline"):
    """Render a publication moment as a machine-readable <time> with the newsroom's dateline text."""
    if moment is None:
        return ""
    return format_html(
        # Whole seconds: HTML's datetime grammar allows at most three decimal places.
        '<time class="{}" datetime="{}">{}</time>',
        css_class,
        moment.isoformat(timespec="seconds"),
        format_dateline(moment),
    )


@register.simple_tag(takes_context=True)
def slot(context, name):
    """Render what feature apps registered for this place of the page, in their order."""
    engine = context.template.engine
    # Each item is a template that escapes what it prints; format_html_join keeps its safe output.
    rendered = ((engine.get_template(item.template).render(context),) for item in plugins.slot_items(name))
    return format_html_join("", "{}", rendered)
