"""Short links to our own pages, and their click counts."""

import re
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

# Lower-case letters and digits without the ones read or typed for one another (0/o, 1/l/i).
# Codes are matched exactly: the same code in capitals is another, unknown code (README).
ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
# 31 ** 9 is about 2 ** 44.6: guessing a live code takes billions of tries per link.
CODE_LENGTH = 9
CODE_PATTERN = re.compile(f"[{ALPHABET}]{{{CODE_LENGTH}}}")


def new_code():
    """Return a fresh random code (a database constraint keeps codes unique)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


class ShortLink(models.Model):
    """A short code that leads to one page of this site: a Wagtail page, a tag page or an author page.

    The link names the object, never a URL, so it can only ever lead to where that object is
    published on this site. Links are never deleted: when their page goes, the reference is
    cleared and the code answers like an unknown one, and is never handed out again.
    """

    code = models.CharField(max_length=CODE_LENGTH, unique=True, default=new_code, editable=False)
    page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="An article or a section. Choose a page, a tag or an author, not more than one.",
    )
    tag = models.ForeignKey(
        "newsroom.Tag",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A tag's page: everything filed under that topic, person, place or organisation.",
    )
    author = models.ForeignKey(
        "newsroom.Author",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="An author's page: their profile and articles.",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One link per page, tag or author: sharing the same page always gives the same link.
            models.UniqueConstraint(fields=["page"], name="links_one_link_per_page"),
            models.UniqueConstraint(fields=["tag"], name="links_one_link_per_tag"),
            models.UniqueConstraint(fields=["author"], name="links_one_link_per_author"),
            # At most one target (none once it has been deleted).
            models.CheckConstraint(
                condition=~(
                    Q(page__isnull=False, tag__isnull=False)
                    | Q(page__isnull=False, author__isnull=False)
                    | Q(tag__isnull=False, author__isnull=False)
                ),
                name="links_at_most_one_target",
            ),
        ]

    def __str__(self):
        return f"{self.code} → {self.target or 'deleted'}"

    @property
    def target(self):
        return self.page or self.tag or self.author

    @property
    def url(self):
        """Return the short address readers share: on the short host when there is one."""
        if settings.SHORT_LINK_HOST:
            scheme = settings.SITE_URL.split("://")[0]
            return f"{scheme}://{settings.SHORT_LINK_HOST}/{self.code}"
        return f"{settings.SITE_URL}/s/{self.code}"


class DailyClicks(models.Model):
    """How many times readers followed a link on one day (the newsroom's day); robots are not counted."""

    link = models.ForeignKey(ShortLink, on_delete=models.CASCADE, related_name="daily_clicks")
    day = models.DateField()
    clicks = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-day"]
        constraints = [models.UniqueConstraint(fields=["link", "day"], name="links_one_count_per_link_and_day")]

    def __str__(self):
        return f"{self.link_id} on {self.day}: {self.clicks}"


class MissedCode(models.Model):
    """Codes asked for that lead nowhere, counted per day, so editors can spot a mistyped print link.

    Only the most asked-for codes of each day are kept (SHORT_LINK_MISSES_KEPT_PER_DAY), and the
    row with an empty code holds the day's total, so junk cannot fill the database.
    """

    TOTAL = ""

    day = models.DateField()
    code = models.CharField(max_length=40, blank=True)
    misses = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-day", "-misses", "code"]
        constraints = [models.UniqueConstraint(fields=["day", "code"], name="links_one_miss_count_per_day_and_code")]

    def __str__(self):
        return f"{self.code or 'all codes'} on {self.day}: {self.misses}"
