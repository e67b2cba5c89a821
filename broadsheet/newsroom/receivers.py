"""Keep cached pages exact: every editorial change invalidates what shows the changed page.

A change of who may see a page (a privacy restriction on it or on a section above it) counts
as much as publishing: a page made private must leave the cache and every listing at once.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from broadsheet.pagecache.dependencies import NAVIGATION, invalidate, invalidates, listing_key, object_key, page_key

from . import tasks
from .models import ArticleByline, ArticlePage, ArticleTag, Author, AutomaticRelated, HomePage, SectionPage, Tag


def dependencies_of(page):
    """Return the dependency keys of every listing a page appears in."""
    page = page.specific
    keys = {page_key(page)}
    if isinstance(page, ArticlePage):
        keys |= {listing_key(HomePage), listing_key(SectionPage, page.get_parent().pk)}
        keys |= {listing_key(Tag, tag_id) for tag_id in page.tags.values_list("tag_id", flat=True)}
        keys |= {listing_key(Author, a) for a in page.bylines.values_list("author_id", flat=True)}
    elif isinstance(page, SectionPage):
        keys |= {NAVIGATION, listing_key(HomePage)}
    return keys


def dependencies_under(page):
    """Return the dependency keys of a page, every page below it and every listing they appear in.

    A restriction on a section hides all its articles, so this reads them in bulk (a handful of
    queries however large the section) rather than page by page.
    """
    below = Page.objects.filter(path__startswith=page.path)
    articles = ArticleTag.objects.filter(article__path__startswith=page.path)
    bylines = ArticleByline.objects.filter(article__path__startswith=page.path)
    sections = {*SectionPage.objects.filter(path__startswith=page.path).values_list("pk", flat=True)}
    if page.depth > 1:
        sections.add(page.get_parent().pk)
    return (
        {NAVIGATION, listing_key(HomePage)}
        | {page_key(pk) for pk in below.values_list("pk", flat=True)}
        | {listing_key(SectionPage, pk) for pk in sections}
        | {listing_key(Tag, pk) for pk in articles.values_list("tag_id", flat=True).distinct()}
        | {listing_key(Author, pk) for pk in bylines.values_list("author_id", flat=True).distinct()}
    )


@receiver(page_published)
@receiver(page_unpublished)
@invalidates(page_key(), listing_key(HomePage), listing_key(SectionPage), listing_key(Tag), listing_key(Author))
def page_changed(sender, instance, **kwargs):
    invalidate(dependencies_of(instance))


@receiver(post_delete, sender=ArticlePage)
@receiver(post_delete, sender=SectionPage)
@invalidates(page_key(), listing_key(HomePage), NAVIGATION)
def page_deleted(sender, instance, **kwargs):
    # Every listing that showed the page depends on its own key.
    invalidate({page_key(instance), listing_key(HomePage), NAVIGATION})


@receiver(post_page_move)
@invalidates(
    page_key(), listing_key(HomePage), listing_key(SectionPage), listing_key(Tag), listing_key(Author), NAVIGATION
)
def page_moved(sender, instance, parent_page_before, parent_page_after, **kwargs):
    invalidate(
        dependencies_under(instance)
        | {listing_key(SectionPage, parent_page_before.pk), listing_key(SectionPage, parent_page_after.pk), NAVIGATION}
    )


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
@invalidates(
    page_key(), listing_key(HomePage), listing_key(SectionPage), listing_key(Tag), listing_key(Author), NAVIGATION
)
def privacy_changed(sender, instance, **kwargs):
    invalidate(dependencies_under(instance.page))


# A live article's tags and bylines are written when it is published; a removed tag must drop the
# article from that tag's listing, including the later pages of it.
@receiver(post_save, sender=ArticleTag)
@receiver(post_delete, sender=ArticleTag)
@invalidates(listing_key(Tag), page_key())
def article_tag_changed(sender, instance, **kwargs):
    # The tag's listing gains or loses the article; the article's tag row gains or loses the tag
    # (a merge moves taggings without publishing the article).
    invalidate({listing_key(Tag, instance.tag_id), page_key(instance.article_id)})


@receiver(post_save, sender=ArticleByline)
@receiver(post_delete, sender=ArticleByline)
@invalidates(listing_key(Author))
def byline_changed(sender, instance, **kwargs):
    invalidate({listing_key(Author, instance.author_id)})


@receiver(post_save, sender=Tag)
@receiver(post_delete, sender=Tag)  # merged away: the articles that showed it drop it
@invalidates(listing_key(Tag), object_key(Tag))
def tag_renamed(sender, instance, **kwargs):
    # Its listing prints its name; every article filed under it prints it in its tag row.
    invalidate({listing_key(Tag, instance.pk), object_key(Tag, instance.pk)})


@receiver(post_save, sender=Author)
@invalidates(object_key(Author))
def author_changed(sender, instance, **kwargs):
    invalidate({object_key(Author, instance.pk)})


@receiver(page_published)
def rescore_related(sender, instance, **kwargs):
    # Scoring reads the text of a few hundred articles: a task, after the publication commits.
    if isinstance(instance.specific, ArticlePage):
        transaction.on_commit(lambda: tasks.refresh_related.enqueue(article_id=instance.pk))


@receiver(post_save, sender=AutomaticRelated)
@receiver(post_delete, sender=AutomaticRelated)
@invalidates(object_key(AutomaticRelated))
def automatic_related_changed(sender, instance, **kwargs):
    # The scoring task rewrote this article's automatic related list: its page shows it.
    invalidate({object_key(AutomaticRelated, instance.source_id)})


def dependencies_of_picture(image):
    """Return the keys of what shows a picture: itself (body blocks record it), articles and authors.

    An article's lead picture and an author's portrait are read from the live rows: listings,
    feeds and teasers show the lead picture and depend on the article's own key.
    """
    keys = {object_key(image, image.pk)}
    keys |= {page_key(pk) for pk in ArticlePage.objects.filter(lead_image=image).values_list("pk", flat=True)}
    keys |= {object_key(Author, pk) for pk in Author.objects.filter(photo=image).values_list("pk", flat=True)}
    return keys


# Noted by Wagtail itself when it first reads a file's size or hash: nothing a reader sees.
PICTURE_BOOKKEEPING = frozenset({"file_size", "file_hash"})


@receiver(post_save, sender=get_image_model())
@receiver(pre_delete, sender=get_image_model())  # before the article's lead picture is set to NULL
@invalidates(object_key(get_image_model()), page_key(), object_key(Author))
def picture_changed(sender, instance, created=False, update_fields=None, **kwargs):
    # A new file (its renditions are deleted with the old one), a new crop or a new alt text: the
    # pages that show the picture would otherwise keep addresses of files that no longer exist.
    if created or (update_fields and set(update_fields) <= PICTURE_BOOKKEEPING):
        return
    invalidate(dependencies_of_picture(instance))


@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
@invalidates(NAVIGATION)
def site_changed(sender, instance, **kwargs):
    # Every page's addresses and routing start from its site (`newsroom.sites`).
    invalidate({NAVIGATION})
