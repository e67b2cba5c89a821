"""Datelines: a moment printed in the newsroom's time zone, as readers of the reference page see it."""

from zoneinfo import ZoneInfo

from django.conf import settings


def newsroom_zone():
    return ZoneInfo(settings.NEWSROOM_TIME_ZONE)


def gmt_offset(moment):
    """Return the zone offset of an aware local time as 'GMT+3', 'GMT+5:30', 'GMT-4' or 'GMT'."""
    minutes = int(moment.utcoffset().total_seconds() // 60)
    if minutes == 0:
        return "GMT"
    sign = "+" if minutes > 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"GMT{sign}{hours}" + (f":{rest:02d}" if rest else "")


def format_dateline(moment):
    """Return '20:48 GMT+3, 23 January 2020' for a UTC moment, in the newsroom's zone."""
    local = moment.astimezone(newsroom_zone())
    return f"{local:%H:%M} {gmt_offset(local)}, {local.day} {local:%B %Y}"
