"""What editors see of short links: clicks per day of one link, and the codes asked for in vain."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Sum
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone

from .models import MissedCode, ShortLink
from .services import visible_url

DAYS_SHOWN = 60


def link_clicks(request, pk):
    """Show a link's clicks per day over the last 60 days (days without clicks included), newest first."""
    link = get_object_or_404(ShortLink.objects.select_related("page", "tag", "author"), pk=pk)
    today = timezone.localdate()
    since = today - timedelta(days=DAYS_SHOWN - 1)
    counted = dict(link.daily_clicks.filter(day__gte=since).values_list("day", "clicks"))
    days = [(today - timedelta(days=n), counted.get(today - timedelta(days=n), 0)) for n in range(DAYS_SHOWN)]
    peak = max((n for _, n in days), default=0)
    rows = [{"day": day, "clicks": n, "percent": round(100 * n / peak, 1) if peak else 0} for day, n in days]
    return TemplateResponse(
        request,
        "links/admin/clicks.html",
        {
            "link": link,
            "destination": visible_url(link),
            "rows": rows,
            "days_shown": DAYS_SHOWN,
            "total": link.daily_clicks.aggregate(total=Sum("clicks"))["total"] or 0,
            "header_title": f"Clicks: {link.code}",
        },
    )


def misses(request):
    """Show, per day, how many requests named no link, and the codes most asked for."""
    rows = MissedCode.objects.order_by("-day", "-misses", "code")
    days = {}
    for row in rows:
        day = days.setdefault(row.day, {"day": row.day, "total": 0, "codes": []})
        if row.code == MissedCode.TOTAL:
            day["total"] = row.misses
        else:
            day["codes"].append(row)
    return TemplateResponse(
        request,
        "links/admin/misses.html",
        {
            "days": list(days.values()),
            "kept_per_day": settings.SHORT_LINK_MISSES_KEPT_PER_DAY,
            "keep_days": settings.SHORT_LINK_MISSES_KEEP_DAYS,
            "header_title": "Short links: misses",
        },
    )
