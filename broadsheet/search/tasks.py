from django_tasks import task

from .index import index_articles


@task()
def reindex_articles(pks):
    """Bring these articles' index entries up to date (idempotent: each entry is rewritten from the article)."""
    index_articles(pks)
