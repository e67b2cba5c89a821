from django import template
from django.utils.html import format_html

from broadsheet.newsroom.datelines import format_time

register = template.Library()


@register.filter
def live_iso(moment):
    """Return a moment as a machine-readable time to the millisecond (open pages order entries by it)."""
    return moment.isoformat(timespec="milliseconds") if moment else ""


@register.simple_tag
def live_time(moment):
    """Render an entry's moment as a machine-readable <time> showing the clock and zone ('20:48 GMT+3')."""
    if moment is None:
        return ""
    return format_html(
        '<time datetime="{}" title="{}">{}</time>',
        live_iso(moment),
        format_time(moment, "dateline"),
        format_time(moment, "clock"),
    )


@register.simple_tag
def coverage_status(page):
    """Render the live blog's status line: upcoming (with its start), live, or ended (with its end)."""
    status, start, end = page.coverage_status, page.coverage_start, page.coverage_end
    if status == page.Status.LIVE:
        when = format_html(" · started {}", _moment(start)) if start else ""
        return format_html('<p class="live-status is-live"><span class="live-badge">Live</span>{}</p>', when)
    if status == page.Status.UPCOMING:
        when = format_html(" · starts {}", _moment(start)) if start else ""
        return format_html('<p class="live-status is-upcoming"><span class="live-badge">Upcoming</span>{}</p>', when)
    when = format_html(" · coverage ended {}", _moment(end)) if end else ""
    return format_html('<p class="live-status is-ended"><span class="live-badge">Ended</span>{}</p>', when)


def _moment(moment):
    return format_html(
        '<time datetime="{}">{}</time>', moment.isoformat(timespec="seconds"), format_time(moment, "dateline")
    )
