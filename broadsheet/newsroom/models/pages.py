from dataclasses import dataclass
from datetime import datetime

from django.db import models
from django.db.models import Prefetch, Q
from django.http import Http404
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, TitleFieldPanel
from wagtail.admin.widgets import AdminAutoHeightTextInput
from wagtail.fields import StreamField
from wagtail.images.models import Rendition
from wagtail.models import Orderable, Page, PageManager, PageQuerySet
from wagtail.search import index

from broadsheet.pagecache.dependencies import NAVIGATION, CachedPageMixin, listing_key, object_key, page_key, remember
from broadsheet.private_apis import give_page_its_parent

from .. import plugins
from ..blocks import ArticleBodyBlock
from ..forms import ArticlePageForm
from ..pagination import paginate
from .people import Author
from .related import AutomaticRelated
from .restrictions import ReadsRestrictionsOnce, restricted_paths
from .tags import Tag


class NewsroomPageQuerySet(PageQuerySet):
    def public(self):
        """Return the pages outside any private section (Wagtail's rule, read with cheaper queries).

        Wagtail joins view restrictions to pages, which SQLite plans as a scan of every page once
        the tree is large; reading the (usually empty) restriction table alone avoids that.
        """
        paths = restricted_paths()
        if not paths:
            return self.all()
        private = Q()
        for path in paths:
            private |= Q(path__startswith=path)
        return self.exclude(private)

    def visible(self):
        """Return the pages a reader may see: live and public (articles add their clock, below).

        The one definition for sections, tags' and authors' pages: navigation, feeds, sitemaps,
        search filters and suggestions all ask this, so a private section appears in none of them.
        """
        return self.live().public()

    def children_of(self, parent):
        """Return the pages directly under `parent`.

        Wagtail's child_of() filters with LIKE 'path%', which SQLite cannot answer from an index;
        a range over the materialised path can, so a section of 100,000 articles stays fast.
        """
        return self.filter(depth=parent.depth + 1, path__gt=parent.path, path__lt=parent.path + "ZZZZZ")


@dataclass(frozen=True)
class VisibleWindow:
    """When a live, public article is visible: from its publication time until its expiry (if any)."""

    since: datetime | None
    until: datetime | None

    def contains(self, moment):
        return self.since is not None and self.since <= moment and (self.until is None or moment < self.until)


class ArticleQuerySet(NewsroomPageQuerySet):
    def visible(self):
        """Return the articles a reader may see now: the one definition used by every public surface.

        Live and public is Wagtail's word for published; the time checks keep an article out of
        sight between its expiry and the scheduler's next run, and keep out anything whose
        publication time an import put in the future.
        """
        now = timezone.now()
        return super().visible().filter(first_published_at__lte=now).exclude(expire_at__lte=now)

    def visible_windows(self):
        """Return {article id: VisibleWindow} for the live, public articles here, whatever the time.

        For answers kept in a cache (`remember`): publishing, unpublishing and privacy changes
        invalidate them, but the clock changes nothing in the database, so a kept answer holds the
        window and asks `window.contains(now)` each time it is read.
        """
        rows = super().visible().values_list("pk", "first_published_at", "expire_at")
        return {pk: VisibleWindow(since, until) for pk, since, until in rows}

    def newest_first(self):
        return self.order_by("-first_published_at", "-pk")

    def for_listing(self, renditions=None):
        """Return the articles with what a headline list shows, in a fixed number of queries.

        Only the picture sizes the list shows are read (`renditions`, filter specs as the templates
        write them): every picture has a dozen renditions for articles, feeds and teasers.
        """
        wanted = Rendition.objects.filter(filter_spec__in=renditions or TEASER_RENDITIONS)
        return self.select_related("lead_image").prefetch_related(Prefetch("lead_image__renditions", wanted))


# The sizes of a teaser's picture in `newsroom/includes/teaser.html` (the lead story's and the others').
TEASER_RENDITIONS = ("fill-240x135|format-webp", "fill-480x270|format-webp", "fill-960x540|format-webp")

SLUG_LENGTH = Page._meta.get_field("slug").max_length


def could_be_slug(slug):
    """Return whether a page could have this slug (a longer one is never looked up or remembered)."""
    return len(slug) <= SLUG_LENGTH


ArticleManager = PageManager.from_queryset(ArticleQuerySet)
NewsroomPageManager = PageManager.from_queryset(NewsroomPageQuerySet)


class HomePage(ReadsRestrictionsOnce, CachedPageMixin, Page):
    """The front page: a lead story, the editors' top stories, the latest news and a row per section."""

    lead_story = models.ForeignKey(
        "newsroom.ArticlePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The story at the top of the front page. Leave empty to lead with the newest article.",
    )

    content_panels = Page.content_panels + [
        FieldPanel("lead_story"),
        InlinePanel("top_stories", label="Top stories", help_text="Shown under the lead, in this order."),
    ]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["newsroom.SectionPage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        visible = ArticlePage.objects.visible().for_listing()
        latest = list(visible.newest_first()[:12])
        lead = visible.filter(pk=self.lead_story_id).first() if self.lead_story_id else None
        lead = lead or (latest[0] if latest else None)
        chosen = list(self.top_stories.values_list("article_id", flat=True))
        found = visible.in_bulk(chosen)
        top = [found[pk] for pk in chosen if pk in found and found[pk] != lead]
        shown = {a.pk for a in top} | ({lead.pk} if lead else set())
        sections = list(SectionPage.objects.children_of(self).visible().order_by("path"))
        context.update(
            lead=lead,
            top_stories=top,
            latest=[a for a in latest if a.pk not in shown][:8],
            section_rows=[(s, arts) for s, arts in self.section_rows(visible, sections) if arts],
        )
        return context

    SECTION_ROW_LENGTH = 4

    def route(self, request, path_components):
        # Only sections live under the front page: ask for the section itself in one query, where
        # Wagtail would ask for a page and then for its specific type.
        if path_components:
            slug, *rest = path_components
            section = None
            if could_be_slug(slug):
                section = remember(f"section:{self.pk}:{slug}", lambda: self.section_called(slug), request=request)
            if section is None:
                # Not a section: a page a feature put under the front page (About, Contact…), or a 404.
                return super().route(request, path_components)
            give_page_its_parent(section, self)
            return section.route(request, rest)
        return super().route(request, path_components)

    @classmethod
    def clean_subpage_models(cls):
        # Sections, and the page types feature apps registered (plugins.register_front_page_type).
        return [*super().clean_subpage_models(), *plugins.front_page_types()]

    def section_called(self, slug):
        """Return (the section at this slug or None, its dependency keys) for `remember`."""
        section = SectionPage.objects.children_of(self).filter(slug=slug).first()
        return section, {NAVIGATION, page_key(section)} if section else set()

    def section_rows(self, visible, sections):
        """Return (section, newest articles) pairs, reading the newest few hundred articles once.

        Walking the newest articles by date fills every busy section in one indexed query; only a
        section quiet for that long is asked for on its own.
        """
        wanted = self.SECTION_ROW_LENGTH
        recent = visible.newest_first().values_list("pk", "path")[: 50 * len(sections)]
        picked = {section.path: [] for section in sections}
        for pk, path in recent:
            row = picked.get(path[: -Page.steplen])
            if row is not None and len(row) < wanted:
                row.append(pk)
        articles = visible.in_bulk([pk for row in picked.values() for pk in row])
        rows = []
        for section in sections:
            row = [articles[pk] for pk in picked[section.path]]
            if len(row) < wanted:
                row = list(visible.children_of(section).newest_first()[:wanted])
            rows.append((section, row))
        return rows

    def cache_dependencies(self, context):
        # The front page lists the newest articles, so any publication anywhere changes it.
        shown = [context["lead"], *context["top_stories"], *context["latest"]]
        shown += [a for _, articles in context["section_rows"] for a in articles]
        # Slot items (the most-read list) record their own keys as they render.
        return {listing_key(HomePage)} | {page_key(a) for a in shown if a}


class HomeTopStory(Orderable):
    home = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="top_stories")
    article = models.ForeignKey(
        "newsroom.ArticlePage", on_delete=models.CASCADE, related_name="+", help_text="An article to feature."
    )
    panels = [FieldPanel("article")]


class SectionPage(ReadsRestrictionsOnce, CachedPageMixin, Page):
    """A section of the paper (World, Economy, …) listing its articles, newest first."""

    intro = models.TextField(max_length=300, blank=True, help_text="One sentence shown under the section name.")

    objects = NewsroomPageManager()
    paginated = True

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["newsroom.HomePage"]
    subpage_types = ["newsroom.ArticlePage"]

    @classmethod
    def clean_subpage_models(cls):
        # Articles, and the kinds of article feature apps registered (plugins.register_article_type).
        return [*super().clean_subpage_models(), *plugins.article_types()]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = ArticlePage.objects.visible().children_of(self).for_listing().newest_first()
        context.update(articles=paginate(request, articles), current_section=self)
        return context

    def route(self, request, path_components):
        # An article is found only if it is visible now: the same definition the listings use.
        if path_components:
            slug, *rest = path_components
            article = self.visible_article_called(slug, request)
            if article is None:
                raise Http404("No such article.")
            give_page_its_parent(article, self)  # get_parent() asks no second query
            return article.route(request, rest)
        return super().route(request, path_components)

    def visible_article_called(self, slug, request=None):
        """Return the visible article at this slug in the section, or None.

        Kept in the cache until the article changes in any way (published, unpublished, moved,
        made private: each changes its key) or its expiry time comes, so routing to a hot article
        asks the database nothing. Wagtail's check of view restrictions still runs on every request.
        """

        def look_up():
            found = ArticlePage.objects.visible().children_of(self).filter(slug=slug).select_related("lead_image")
            article = found.first()
            if article is None:
                return None, set()
            if article.specific_class is not ArticlePage:
                # A kind of article a feature registered (a live blog) serves with its own template.
                article = article.specific
            return (article, article.expire_at), {page_key(article), NAVIGATION}

        if not could_be_slug(slug):
            return None
        kept = remember(f"article:{self.pk}:{slug}", look_up, request=request)
        if kept is None:
            return None
        article, until = kept
        if until is not None and until <= timezone.now():
            return None  # expired, and the scheduler has not unpublished it yet (which changes its key)
        return article

    def cache_dependencies(self, context):
        # Slot items (the most-read list) record their own keys as they render.
        return {listing_key(SectionPage, self.pk)} | {page_key(a) for a in context["articles"]}


class ArticlePage(ReadsRestrictionsOnce, CachedPageMixin, Page):
    """A news article: headline, standfirst, lead image, body blocks, bylines, tags and corrections."""

    standfirst = models.TextField(
        max_length=400, help_text="One or two sentences under the headline that sum up the story."
    )
    lead_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown at the top of the article and in listings.",
    )
    lead_image_caption = models.CharField(max_length=250, blank=True, help_text="What the picture shows.")
    lead_image_credit = models.CharField(
        max_length=120, blank=True, help_text="Who took or owns the picture, e.g. 'Photo: Anna Petrova'."
    )
    body = StreamField(
        ArticleBodyBlock,
        help_text="The story: paragraphs, quotes, images, galleries, videos and posts, fact boxes, tables.",
    )
    dateline_place = models.CharField(
        max_length=80, blank=True, help_text="Where the story was reported from, e.g. 'Beijing'. Optional."
    )
    updated_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Set when you change the facts of a published story; readers see 'Updated'. "
        "Adding a correction moves it forward by itself.",
    )
    allow_comments = models.BooleanField(default=True, help_text="Let readers discuss this article.")

    objects = ArticleManager()

    # The front page's columns show a headline in full up to four lines (site.css clamps the rest):
    # about this many characters in the narrowest column.
    HEADLINE_SHOWN_CHARACTERS = 90

    content_panels = [
        TitleFieldPanel(
            "title",
            heading="Headline",
            placeholder="Headline*",
            widget=AdminAutoHeightTextInput(attrs={"rows": 2, "data-headline-hint": HEADLINE_SHOWN_CHARACTERS}),
            help_text=f"The front page shows up to about {HEADLINE_SHOWN_CHARACTERS} characters in full (four lines "
            "in its narrow columns); longer headlines are cut there, and search engines show about 110.",
        ),
        FieldPanel("standfirst", heading="Standfirst"),
        MultiFieldPanel(
            [FieldPanel("lead_image"), FieldPanel("lead_image_caption"), FieldPanel("lead_image_credit")],
            heading="Lead image",
        ),
        FieldPanel("dateline_place"),
        InlinePanel("bylines", label="Byline", min_num=1, help_text="Authors in the order they are credited."),
        FieldPanel("body"),
        FieldPanel("tag_list"),  # a typed box (forms.py, tag_field.py), not a chooser per tag
        InlinePanel("related", label="Related article", help_text="Editor's picks, shown before automatic ones."),
        InlinePanel("corrections", label="Correction", help_text="Dated notes shown to readers under the body."),
    ]
    settings_panels = Page.settings_panels + [FieldPanel("updated_at"), FieldPanel("allow_comments")]
    # Wagtail's index serves the back office, which finds pages by headline and standfirst, drafts
    # included. What an article says is indexed once, for readers, by broadsheet/search (published
    # articles only, in date order, with facets): the body is not indexed twice.
    search_fields = Page.search_fields + [
        index.SearchField("standfirst"),
        index.FilterField("first_published_at"),
    ]
    parent_page_types = ["newsroom.SectionPage"]
    subpage_types = []
    base_form_class = ArticlePageForm

    RELATED_COUNT = 5

    @property
    def printed_at(self):
        """Return the moment the dateline prints: the publication, or in a draft's preview the time it will go live."""
        return self.first_published_at or self.go_live_at or timezone.now()

    def last_updated_at(self, corrections):
        """Return when the story last changed for readers: the later of the editor's mark and corrections."""
        moments = [self.updated_at, *(c.published_at for c in corrections)]
        return max((m for m in moments if m and self.first_published_at and m > self.first_published_at), default=None)

    def shown_blocks(self):
        """Return the body blocks readers see on this page; a kind of article with more (a live blog) adds its own."""
        return list(self.body)

    def related_candidates(self):
        """Return the ids of the articles that may be shown as related, best first: picks, then automatic ones."""
        picks = list(self.related.values_list("article_id", flat=True))
        automatic = AutomaticRelated.objects.filter(source=self).order_by("-score", "article_id")
        return picks + [pk for pk in automatic.values_list("article_id", flat=True) if pk not in picks]

    def related_articles(self, candidates=None):
        """Return up to five related articles: the editors' picks in order, then the automatic ones.

        Automatic ones were scored (shared tags, text similarity, recency) and stored when this
        article was last published (`newsroom.related`); a page view only reads them, and shows
        only those still visible.
        """
        order = self.related_candidates() if candidates is None else candidates
        found = ArticlePage.objects.visible().exclude(pk=self.pk).in_bulk(order)
        return [found[pk] for pk in order if pk in found][: self.RELATED_COUNT]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Each is read only if a part of the template that shows it is not kept from an earlier
        # render (`{% part %}`), so re-rendering a page whose parts are kept asks almost nothing.
        tags = SimpleLazyObject(lambda: [t.tag for t in self.tags.select_related("tag")])
        bylines = SimpleLazyObject(lambda: [b.author for b in self.bylines.select_related("author")])
        corrections = SimpleLazyObject(lambda: list(self.corrections.all()))
        candidates = SimpleLazyObject(self.related_candidates)
        related = SimpleLazyObject(lambda: self.related_articles(candidates))
        context.update(
            bylines=bylines,
            article_tags=tags,
            related_articles=related,
            corrections=corrections,
            last_updated_at=SimpleLazyObject(lambda: self.last_updated_at(corrections)),
            current_section=self.get_parent(),
            article_dependencies=lambda: self.article_dependencies(tags, bylines),
            related_dependencies=lambda: self.related_dependencies(candidates),
        )
        return context

    def article_dependencies(self, tags, bylines):
        """Return the dependency keys of the headline, bylines, tags and metadata: the page, its tags and authors."""
        return (
            {page_key(self)}
            | {object_key(Tag, tag.pk) for tag in tags}
            | {object_key(Author, author.pk) for author in bylines}
        )

    def body_dependencies(self):
        """Return the dependency keys of the lead picture and body: the page, and what its blocks show (a poll)."""
        from_blocks = set().union(
            *(getattr(block.block, "cache_dependencies", lambda value: set())(block.value) for block in self.body)
        )
        return from_blocks | {page_key(self)}

    def teaser_dependencies(self):
        """Return the dependency keys of this article's teaser in a listing: the article alone."""
        return {page_key(self)}

    def related_dependencies(self, candidates):
        """Return the dependency keys of the related headlines: every candidate, shown or hidden, and the stored picks.

        A candidate hidden now (unpublished for a correction, made private) appears again when it
        is republished, which changes its key.
        """
        # Editors' picks are part of the page; automatic ones are stored by a task after publication.
        return {page_key(self), object_key(AutomaticRelated, self.pk)} | {page_key(pk) for pk in candidates}

    # Everything an article shows besides itself is rendered in kept parts of its template
    # (`{% part %}`) and slot items, which record their keys as they render: no `cache_dependencies`.


class ArticleByline(Orderable):
    article = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="bylines")
    author = models.ForeignKey(
        "newsroom.Author", on_delete=models.PROTECT, related_name="bylines", help_text="Who wrote it."
    )
    panels = [FieldPanel("author")]


class ArticleTag(Orderable):
    article = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="tags")
    tag = models.ForeignKey("newsroom.Tag", on_delete=models.CASCADE, related_name="article_tags")
    panels = [FieldPanel("tag")]


class RelatedArticle(Orderable):
    source = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="related")
    article = models.ForeignKey(
        ArticlePage, on_delete=models.CASCADE, related_name="+", help_text="An article readers should see next."
    )
    panels = [FieldPanel("article")]


class Correction(Orderable):
    article = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="corrections")
    published_at = models.DateTimeField(default=timezone.now, help_text="When the correction was made.")
    note = models.TextField(max_length=1000, help_text="What was wrong and what is right now, in plain words.")
    panels = [FieldPanel("published_at"), FieldPanel("note")]

    class Meta(Orderable.Meta):
        ordering = ["published_at"]
