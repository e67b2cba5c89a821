"""Keep cached pages exact: every editorial change invalidates what shows the changed page."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished, post_page_move

from broadsheet.pagecache.dependencies import NAVIGATION, invalidate

from .models import ArticleByline, ArticlePage, ArticleTag, Author, SectionPage, Tag


def dependencies_of(page):
    """Return the dependency keys of every listing a page appears in."""
    page = page.specific
    keys = {f"page:{page.pk}"}
    if isinstance(page, ArticlePage):
        keys |= {"list:home", f"list:section:{page.get_parent().pk}"}
        keys |= {f"list:tag:{tag_id}" for tag_id in page.tags.values_list("tag_id", flat=True)}
        keys |= {f"list:author:{a}" for a in page.bylines.values_list("author_id", flat=True)}
    elif isinstance(page, SectionPage):
        keys |= {NAVIGATION, "list:home"}
    return keys


@receiver(page_published)
@receiver(page_unpublished)
def page_changed(sender, instance, **kwargs):
    invalidate(dependencies_of(instance))


@receiver(post_delete, sender=ArticlePage)
@receiver(post_delete, sender=SectionPage)
def page_deleted(sender, instance, **kwargs):
    # Every listing that showed the page depends on its own key.
    invalidate({f"page:{instance.pk}", "list:home", NAVIGATION})


@receiver(post_page_move)
def page_moved(sender, instance, parent_page_before, parent_page_after, **kwargs):
    invalidate(
        dependencies_of(instance)
        | {f"list:section:{parent_page_before.pk}", f"list:section:{parent_page_after.pk}", NAVIGATION}
    )


# A live article's tags and bylines are written when it is published; a removed tag must drop the
# article from that tag's listing, including the later pages of it.
@receiver(post_save, sender=ArticleTag)
@receiver(post_delete, sender=ArticleTag)
def article_tag_changed(sender, instance, **kwargs):
    invalidate({f"list:tag:{instance.tag_id}"})


@receiver(post_save, sender=ArticleByline)
@receiver(post_delete, sender=ArticleByline)
def byline_changed(sender, instance, **kwargs):
    invalidate({f"list:author:{instance.author_id}"})


@receiver(post_save, sender=Tag)
def tag_renamed(sender, instance, **kwargs):
    invalidate({f"list:tag:{instance.pk}"})


@receiver(post_save, sender=Author)
def author_changed(sender, instance, **kwargs):
    invalidate({f"author:{instance.pk}"})
