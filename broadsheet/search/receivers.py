"""Keep the search index in step with publishing: publish, edit, unpublish, move, privacy, imports,
deletions, renamed, merged or deleted tags and authors, and what an article shows changing without a
new revision (a live blog's entries).

Indexing one article is a few small writes, so it happens in the publishing transaction rather
than in a task: a published article is searchable the moment its page is. A renamed tag may be
on thousands of articles, so their entries are rewritten by a task after the rename commits.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from broadsheet.newsroom.models import ArticlePage, Author, Tag
from broadsheet.newsroom.signals import article_content_changed, articles_imported

from . import tasks
from .index import articles_filed_under, facets_of, index_articles, unindex_articles
from .names import remember_name


def is_article(page):
    # A section's articles keep their section's id (the filter) whatever happens to the section,
    # and unpublishing a section unpublishes each article with its own signal: articles only.
    return issubclass(page.specific_class or type(page), ArticlePage)


@receiver(page_published)
@receiver(post_page_move)
def article_changed(sender, instance, **kwargs):
    if is_article(instance):
        index_articles([instance.pk])


@receiver(page_unpublished)
def article_unpublished(sender, instance, **kwargs):
    # Out whatever the stored row says: Wagtail unpublishes a page it is about to delete without
    # saving it, and re-reading the row would put the article (and its words) back.
    if is_article(instance):
        unindex_articles([instance.pk])


@receiver(pre_delete, sender=ArticlePage)
def article_deleted(sender, instance, **kwargs):
    # Before the cascade takes the entry: its words must leave the vocabulary with it.
    unindex_articles([instance.pk])


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def privacy_changed(sender, instance, **kwargs):
    # A private page leaves the index, a page made public again returns to it: every article
    # at or below the restricted page is re-checked.
    index_articles(ArticlePage.objects.live().descendant_of(instance.page, inclusive=True).values_list("pk", flat=True))


@receiver(articles_imported)
def articles_added(sender, pks, **kwargs):
    index_articles(pks)


@receiver(article_content_changed)
def article_content_changed_without_revision(sender, article, **kwargs):
    # A live blog's entry published, corrected or deleted. Its whole text (every entry) is
    # rewritten, which grows with the blog and may come every few seconds: the worker does it,
    # after the editor's change has committed, rather than the editor's request.
    reindex_later([article.pk])


@receiver(post_save, sender=Tag)
def tag_saved(sender, instance, raw=False, **kwargs):
    # A fixture being loaded (raw) brings its own rows of every table, this app's included.
    if not raw and remember_name(tag=instance):
        reindex_later(articles_filed_under(facets_of(None, [instance.pk], [])))


@receiver(post_save, sender=Author)
def author_saved(sender, instance, raw=False, **kwargs):
    if not raw and remember_name(author=instance):
        reindex_later(articles_filed_under(facets_of(None, [], [instance.pk])))


@receiver(post_delete, sender=Tag)
def tag_deleted(sender, instance, **kwargs):
    # Deleted, or merged into another tag (whose taggings it now is): the index still files these
    # articles under it, so their entries are rewritten with the names and filters they have now.
    reindex_later(articles_filed_under(facets_of(None, [instance.pk], [])))


def reindex_later(pks):
    if pks:
        transaction.on_commit(lambda: tasks.reindex_articles.enqueue(pks=sorted(pks)))
