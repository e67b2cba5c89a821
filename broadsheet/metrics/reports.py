"""Readership reports for editors: most read across the site, and each article's views over time."""

from datetime import timedelta

from django.db.models import Sum
from django.db.models.functions import TruncDate
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone

from broadsheet.newsroom.models import ArticlePage

from .models import HourlyViews, Referral
from .services import view_counts

_article_panels = []


def register_article_panel(template, context):
    """Show `template` on each article's readership report, with `context(article)` (e.g. short-link clicks)."""
    if (template, context) not in _article_panels:
        _article_panels.append((template, context))


def ranked(since, limit=20):
    """Return [(article, views)] for the most read visible articles since a moment."""
    rows = (
        HourlyViews.objects.filter(hour__gte=since)
        .values("article")
        .annotate(total=Sum("views"))
        .order_by("-total", "-article")[: limit * 2]
    )
    articles = ArticlePage.objects.visible().in_bulk([row["article"] for row in rows])
    return [(articles[row["article"]], row["total"]) for row in rows if row["article"] in articles][:limit]


def bars(points):
    """Return chart bars for [(label, count)]: x, height and y in a 100-unit-tall chart, 6 units a bar."""
    peak = max((n for _, n in points), default=0)
    shapes = []
    for index, (label, n) in enumerate(points):
        height = round(100 * n / peak, 2) if peak else 0
        shapes.append({"x": index * 6, "y": round(100 - height, 2), "height": height, "label": label, "views": n})
    return shapes


def site_report(request):
    now = timezone.now()
    return TemplateResponse(
        request,
        "metrics/admin/site_report.html",
        {
            "today": ranked(now - timedelta(hours=24)),
            "week": ranked(now - timedelta(days=7)),
            "header_title": "Readership",
        },
    )


def article_report(request, pk):
    article = get_object_or_404(ArticlePage, pk=pk)
    now = timezone.now()
    hour_now = now.replace(minute=0, second=0, microsecond=0)
    hourly = dict(
        HourlyViews.objects.filter(article=article, hour__gte=hour_now - timedelta(hours=47)).values_list(
            "hour", "views"
        )
    )
    hours = [hour_now - timedelta(hours=h) for h in range(47, -1, -1)]
    daily = dict(
        HourlyViews.objects.filter(article=article, hour__gte=now - timedelta(days=30))
        .annotate(day=TruncDate("hour"))
        .values("day")
        .annotate(total=Sum("views"))
        .values_list("day", "total")
    )
    days = [(now - timedelta(days=d)).date() for d in range(29, -1, -1)]
    referrers = (
        Referral.objects.filter(article=article, day__gte=(now - timedelta(days=30)).date())
        .values("domain")
        .annotate(total=Sum("views"))
        .order_by("-total", "domain")[:20]
    )
    panels = [(template, context(article)) for template, context in _article_panels]
    return TemplateResponse(
        request,
        "metrics/admin/article_report.html",
        {
            "article": article,
            "total": view_counts([article.pk])[article.pk],
            "hourly_bars": bars([(hour, hourly.get(hour, 0)) for hour in hours]),
            "daily_bars": bars([(day, daily.get(day, 0)) for day in days]),
            "referrers": list(referrers),
            "panels": panels,
            "header_title": f"Readership: {article.title}",
        },
    )
