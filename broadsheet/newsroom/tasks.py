from django_tasks import task

from . import related


@task()
def refresh_related(article_id):
    """Score an article's automatic related articles (idempotent: the stored list is replaced)."""
    return related.refresh_related(article_id)
