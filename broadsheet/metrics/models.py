"""Readership: views per article and hour, totals, and the sites readers came from. No reader is stored.

(Who was counted lately is counting's `SeenReader`: a hash that cannot be turned back into a network
or browser, kept half an hour.)
"""

from django.db import models


class HourlyViews(models.Model):
    """Views of one article in one clock hour (UTC): what charts and "most read" are made from."""

    article = models.ForeignKey("newsroom.ArticlePage", on_delete=models.CASCADE, related_name="+")
    hour = models.DateTimeField()
    views = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "hour"], name="one_view_count_per_hour")]
        indexes = [models.Index(fields=["hour"], name="hourly_views_by_hour")]
        verbose_name_plural = "hourly views"

    def __str__(self):
        return f"{self.views} views of article {self.article_id} at {self.hour:%Y-%m-%d %H}:00"


class ViewTotal(models.Model):
    """All views of one article, kept beside the hours so the action bar reads one row."""

    article = models.OneToOneField("newsroom.ArticlePage", on_delete=models.CASCADE, primary_key=True, related_name="+")
    views = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.views} views of article {self.article_id}"


class Referral(models.Model):
    """Views of one article in one day that came from another site (its domain only, never the full address)."""

    article = models.ForeignKey("newsroom.ArticlePage", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    domain = models.CharField(max_length=253)
    views = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "day", "domain"], name="one_referral_count_per_day")]

    def __str__(self):
        return f"{self.views} views of article {self.article_id} from {self.domain} on {self.day}"
