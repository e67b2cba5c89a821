"""Demo readership: the reference article's 439 views, and a day of reading for the most-read lists."""

import random
from datetime import UTC, timedelta

from django.utils import timezone

from broadsheet.newsroom.models import ArticlePage

from .models import HourlyViews, Referral, ViewTotal
from .services import refresh_most_read

# The reference page shows "0 439": no comments, 439 views.
REFERENCE_VIEWS = 439


def add_demo_readership(demo):
    """Give every demo article views: most at publication, some in the last day (a demo builder)."""
    rng = random.Random(439)
    hour_now = timezone.now().astimezone(UTC).replace(minute=0, second=0, microsecond=0)
    rows, totals = [], []
    for article in ArticlePage.objects.order_by("first_published_at", "pk"):
        total = REFERENCE_VIEWS if article.pk == demo["reference"].pk else rng.randint(40, 400)
        recent = total // 3 if article.pk == demo["reference"].pk else rng.randint(0, total // 2)
        published = article.first_published_at.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
        rows.append(HourlyViews(article=article, hour=published, views=total - recent))
        if recent:
            rows.append(HourlyViews(article=article, hour=hour_now - timedelta(hours=rng.randint(1, 20)), views=recent))
        totals.append(ViewTotal(article=article, views=total))
    HourlyViews.objects.bulk_create(rows)
    ViewTotal.objects.bulk_create(totals)
    # Where the reference article's recent readers came from, for its readership report.
    today = hour_now.date()
    for domain, views in (("news.example.com", 41), ("social.example.net", 23), ("search.example.org", 12)):
        Referral.objects.create(article=demo["reference"], day=today, domain=domain, views=views)
    refresh_most_read()
