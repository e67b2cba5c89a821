"""Times as everyone reads them: in the newsroom's zone, 24 hours, the zone named. The one formatter.

Readers see the reference page's style ('20:48 GMT+3, 23 January 2020'); staff see Django's
formats (broadsheet/formats), which Wagtail's own screens use too ('7 Dec 2026, 09:07 MSK').
"""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.formats import date_format


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


def format_time(moment, style="datetime"):
    """Return a moment as text in the newsroom's zone, in one of the house styles.

    For staff: "datetime" '7 Dec 2026, 09:07 MSK', "time" '09:07 MSK'. For readers: "dateline"
    '20:48 GMT+3, 23 January 2020', "clock" '20:48 GMT+3'.
    """
    if not moment:
        return ""
    if style == "dateline":
        return format_dateline(moment)
    local = moment.astimezone(newsroom_zone())
    if style == "clock":
        return f"{local:%H:%M} {gmt_offset(local)}"
    return date_format(local, "TIME_FORMAT" if style == "time" else "DATETIME_FORMAT")
