from django import template
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join

from broadsheet.pagecache.dependencies import page_key
from broadsheet.pagecache.parts import kept_part, record_dependencies

from .. import plugins
from ..datelines import format_dateline, gmt_offset, newsroom_zone

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
    """Print a moment in the newsroom's zone and 24 hours, with the zone named: every time anyone reads.

    For staff, Django's formats (broadsheet/formats), the ones Wagtail's own screens use, so the
    desk and the schedule panel agree: "datetime" '7 Dec 2026, 09:07 MSK', "time" '09:07 MSK'.
    For readers, the reference page's style: "dateline" '20:48 GMT+3, 23 January 2020', "clock"
    '20:48 GMT+3'.
    """
    if not moment:
        return ""
    if style == "dateline":
        return format_dateline(moment)
    local = moment.astimezone(newsroom_zone())
    if style == "clock":
        return f"{local:%H:%M} {gmt_offset(local)}"
    return date_format(local, "TIME_FORMAT" if style == "time" else "DATETIME_FORMAT")


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
