"""Demo short links: every section, a few tags and authors, and a fortnight of clicks."""

import random
from datetime import timedelta

from django.utils import timezone

from broadsheet.newsroom.models import Author, SectionPage, Tag

from .models import DailyClicks, MissedCode, ShortLink
from .services import shorten

DAYS = 14


def add_demo_links(demo):
    """Shorten sections, tags and authors, and give each link clicks (a demo builder, same every time).

    Articles already have their links: publishing gave them one.
    """
    for target in [*SectionPage.objects.visible().order_by("path"), *Tag.objects.order_by("pk")[:5]]:
        shorten(target)
    for author in Author.objects.order_by("pk")[:3]:
        shorten(author)
    rng = random.Random(10)
    today = timezone.localdate()
    reference = demo.get("reference")
    rows = []
    links = ShortLink.objects.order_by("pk")
    for link in links:
        # The reference article is the one being shared: most clicks, a spike on publication day.
        scale = 120 if reference is not None and link.page_id == reference.pk else rng.randint(2, 20)
        for days_ago in range(DAYS):
            clicks = int(scale * rng.random() * (3 if days_ago == DAYS - 1 else 1))
            if clicks:
                rows.append(DailyClicks(link=link, day=today - timedelta(days=days_ago), clicks=clicks))
    DailyClicks.objects.bulk_create(rows, ignore_conflicts=True)
    MissedCode.objects.bulk_create(
        [
            MissedCode(day=today, code=MissedCode.TOTAL, misses=9),
            MissedCode(day=today, code="k7m2p9xqb", misses=6),
            MissedCode(day=today, code="wp-login.php", misses=3),
        ],
        ignore_conflicts=True,
    )
    demo["short_links"] = links.count()
