"""Keep the search index in step with publishing: publish, edit, unpublish, move, privacy, imports.

Indexing one article is a few small writes, so it happens in the publishing transaction rather
than in a task: a published article is searchable the moment its page is. A deleted article's
entry goes with it (a cascade).
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from broadsheet.newsroom.models import ArticlePage
from broadsheet.newsroom.signals import articles_imported

from .index import index_articles


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
def article_changed(sender, instance, **kwargs):
    # A section's articles keep their section's id (the filter) whatever happens to the section,
    # and unpublishing a section unpublishes each article with its own signal: articles only.
    if issubclass(instance.specific_class or type(instance), ArticlePage):
        index_articles([instance.pk])


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def privacy_changed(sender, instance, **kwargs):
    # A private page leaves the index, a page made public again returns to it: every article
    # at or below the restricted page is re-checked.
    index_articles(ArticlePage.objects.live().descendant_of(instance.page, inclusive=True).values_list("pk", flat=True))


@receiver(articles_imported)
def articles_added(sender, pks, **kwargs):
    index_articles(pks)
