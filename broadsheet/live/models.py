"""A live blog: an article page whose story is told in timed entries, newest first.

The page itself (headline, standfirst, the "What we know" summary in its body, bylines, tags) is
an article: every listing, feed, sitemap and search shows it as one. Entries are rows of their
own, outside the page's revisions, so adding one at deadline is one small write, not a new
revision of the page. Every change readers can see (an entry published, corrected or deleted)
takes the next number of the page's sequence (`LiveSequence`): readers' pages hold the number they
were built at and ask the shared updates fragment only for what came after.
"""

from django.conf import settings
from django.db import models
from django.db.models import Max
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import strip_tags
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.url_routing import RouteResult

from broadsheet.newsroom.blocks import ArticleBodyBlock
from broadsheet.newsroom.models import ArticlePage, Author
from broadsheet.newsroom.pagination import paginate
from broadsheet.pagecache.dependencies import listing_key, mark_cacheable, page_key


class LivePage(ArticlePage):
    """Live coverage of an event: a status, a summary kept at the top, and entries."""

    class Status(models.TextChoices):
        UPCOMING = "upcoming", "Upcoming"
        LIVE = "live", "Live"
        ENDED = "ended", "Ended"

    coverage_status = models.CharField(
        max_length=10,
        choices=Status.choices,
        default=Status.LIVE,
        help_text="Upcoming before the event, Live while you post, Ended when coverage stops.",
    )
    coverage_start = models.DateTimeField(
        null=True, blank=True, help_text="When coverage starts (or started). Shown to readers with the time zone."
    )
    coverage_end = models.DateTimeField(null=True, blank=True, help_text="When coverage ended. Set when you end it.")

    # Entries arrive by the second: CDNs keep the page this long, the app keeps it until it changes.
    shared_seconds = 5
    paginated = True
    ENTRIES_PER_PAGE = 20

    content_panels = ArticlePage.content_panels[:2] + [
        MultiFieldPanel(
            [FieldPanel("coverage_status"), FieldPanel("coverage_start"), FieldPanel("coverage_end")],
            heading="Coverage",
        ),
        *ArticlePage.content_panels[2:],
    ]
    parent_page_types = ["newsroom.SectionPage"]
    subpage_types = []
    template = "live/live_page.html"

    class Meta:
        verbose_name = "live blog"

    @property
    def is_live(self):
        return self.coverage_status == self.Status.LIVE

    # Readers' pages ask for the changes after the version they hold; the updates fragment carries
    # the last this many, and a page further behind is told to reload.
    UPDATES_WINDOW = 50
    # The updates fragment: CDNs keep it this long, so an entry reaches readers within a poll or two.
    UPDATES_SHARED_SECONDS = 1

    def route(self, request, path_components):
        if path_components == ["updates"]:
            return RouteResult(self, kwargs={"updates": True})
        return super().route(request, path_components)

    def serve(self, request, *args, updates=False, **kwargs):
        if updates:
            return self.serve_updates(request)
        return super().serve(request, *args, **kwargs)

    def serve_updates(self, request):
        """Answer the shared updates fragment: the same bytes for every reader, kept until an entry changes."""
        version = current_version(self.pk)  # read first: entries read after are at least this new
        oldest = max(0, version - self.UPDATES_WINDOW)
        changed = self.entries.changed_since(oldest).select_related("author", "breakout")
        context = {
            "page": self,
            "version": version,
            "oldest": oldest,
            "entries": list(changed.order_by("version")),
            # The whole list, not its changes: an open page replaces its own with it.
            "key_events": self.key_events(self.entries.published()),
        }
        response = TemplateResponse(request, "live/updates.html", context)
        return mark_cacheable(
            response, {page_key(self), entries_key(self.pk)}, shared_seconds=self.UPDATES_SHARED_SECONDS
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        version = current_version(self.pk)  # read first: entries read after are at least this new
        published = self.entries.published().select_related("author", "breakout")
        # Open pages count as new only entries published after the newest they were built with:
        # read before the entries, so one published in between is shown rather than missed.
        newest = published.aggregate(newest=Max("published_at"))["newest"]
        pinned = published.filter(pinned=True).newest_first().first()
        entries = paginate(
            request, published.exclude(pk=pinned.pk if pinned else None).newest_first(), per_page=self.ENTRIES_PER_PAGE
        )
        context.update(
            version=version,
            newest=newest,
            pinned=pinned if entries.number == 1 else None,
            entries=entries,
            key_events=self.key_events(published),
        )
        return context

    def key_events(self, published):
        """Return [(entry, page number it is on)] of the key events, newest first, for jump links."""
        order = list(published.exclude(pinned=True).newest_first().values_list("pk", flat=True))
        position = {pk: index for index, pk in enumerate(order)}
        events = published.filter(key_event=True).newest_first()
        return [(event, position.get(event.pk, 0) // self.ENTRIES_PER_PAGE + 1) for event in events]

    def shown_blocks(self):
        blocks = super().shown_blocks()
        for entry in self.entries.published():
            blocks.extend(entry.body)
        return blocks

    def cache_dependencies(self, context):
        return super().cache_dependencies(context) | {entries_key(self.pk)}


def entries_key(page_id):
    """Return the dependency key of what a live page shows of its entries (every entry, the key events)."""
    return listing_key(LiveEntry, page_id)


class LiveSequence(models.Model):
    """The number of the latest change readers can see on one live page (not in its revisions, which roll back)."""

    page = models.OneToOneField(LivePage, on_delete=models.CASCADE, primary_key=True, related_name="sequence")
    version = models.PositiveBigIntegerField(default=0)

    def __str__(self):
        return f"{self.page_id}: {self.version}"


class LiveEntryQuerySet(models.QuerySet):
    def published(self):
        """Return the entries readers see: published and not deleted."""
        return self.filter(status=LiveEntry.Status.PUBLISHED)

    def newest_first(self):
        """Return the entries in reading order: the newest at the top."""
        return self.order_by("-published_at", "-pk")

    def changed_since(self, version):
        """Return the entries changed for readers after `version` (published, corrected or deleted)."""
        return self.filter(version__gt=version).exclude(status=LiveEntry.Status.SUBMITTED)


class LiveEntry(models.Model):
    """One timed entry of a live blog."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Waiting for an editor"
        PUBLISHED = "published", "Published"
        DELETED = "deleted", "Deleted"

    page = models.ForeignKey(LivePage, on_delete=models.CASCADE, related_name="entries")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    title = models.CharField(max_length=200, blank=True, help_text="Optional: a short heading for the entry.")
    body = StreamField(ArticleBodyBlock, help_text="What happened: paragraphs, quotes, pictures, embeds, polls.")
    author = models.ForeignKey(
        Author, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", help_text="Credited as the byline."
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    key_event = models.BooleanField(default=False, help_text="List it among the key events at the top.")
    pinned = models.BooleanField(
        default=False, help_text="Keep it at the top of the page (one pinned entry at a time)."
    )
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    corrected_at = models.DateTimeField(null=True, blank=True)
    correction_note = models.CharField(max_length=300, blank=True)
    # The number of this entry's latest change readers can see (see LiveSequence); 0 before publication.
    version = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    breakout = models.ForeignKey(
        ArticlePage, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    objects = LiveEntryQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "live entries"
        indexes = [models.Index(fields=["page", "version"]), models.Index(fields=["page", "status", "published_at"])]

    def __str__(self):
        return self.title or self.plain_text()[:60] or f"Entry {self.pk}"

    def anchor(self):
        return f"entry-{self.pk}"

    def plain_text(self):
        """Return the entry's words without markup (for headlines of a breakout, search and JSON-LD)."""
        words = []
        for block in self.body:
            if block.block_type == "paragraph":
                words.append(strip_tags(block.value.source))
            elif block.block_type in ("quote", "pull_quote"):
                words.append(block.value["text"])
        return " ".join(" ".join(words).split())


def current_version(page_id):
    """Return the number of the latest change readers can see on the page (0: none yet)."""
    return LiveSequence.objects.filter(page_id=page_id).values_list("version", flat=True).first() or 0
