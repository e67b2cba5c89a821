from django import template
from django.utils.html import format_html, format_html_join

from broadsheet.pagecache.dependencies import page_key
from broadsheet.pagecache.parts import kept_part, record_dependencies

from .. import plugins
from ..datelines import format_dateline, format_time

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


@register.filter
def newsroom_time(moment, style="datetime"):
    """Print a moment in one of the house styles (`datelines.format_time`): every time anyone reads."""
    return format_time(moment, style)


@register.simple_tag(takes_context=True)
def slot(context, name):
    """Render what feature apps registered for this place of the page, in their order."""
    # Each item is a template that escapes what it prints; format_html_join keeps its safe output.
    rendered = ((render_slot_item(context, item),) for item in plugins.slot_items(name))
    return format_html_join("", "{}", rendered)


def render_slot_item(context, item):
    """Render one slot item; on a page, one that names its dependencies is a kept part of the page."""
    template = context.template.engine.get_template(item.template)
    if item.cache_dependencies is None:
        return template.render(context)
    request = context.get("request")
    page_id = getattr(context.get("page"), "pk", None)  # a Wagtail page (a paginator's page has none)
    if page_id is None:
        record_dependencies(request, item.cache_dependencies(context))
        return template.render(context)

    def render():
        return template.render(context), set(item.cache_dependencies(context)) | {page_key(page_id)}

    return kept_part(request, f"slot:{item.template}:{page_id}", render)
