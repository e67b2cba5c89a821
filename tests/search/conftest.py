import pytest
from django_tasks_db.models import DBTaskResult


@pytest.fixture
def make_article(make_article, committed):
    """Publish as the shared fixture does, then run the queued index updates as the worker would.

    Wagtail updates its search index in a task (django-tasks' database queue); the test claims and
    runs each due task in-process, since `db_worker --batch` would close the test's connection.
    """

    def make(*args, **kwargs):
        article = make_article(*args, **kwargs)
        run_index_updates(committed)
        return article

    return make


def run_index_updates(committed):
    # Only the search index's tasks: other apps' tasks (audio, related articles) are theirs to test.
    index_tasks = DBTaskResult.objects.ready().filter(task_path__startswith="modelsearch.")
    while (job := index_tasks.order_by("enqueued_at").first()) is not None:
        job.claim("search-tests")
        with committed():
            job.set_successful(job.task.call(*job.task_result.args, **job.task_result.kwargs))


@pytest.fixture
def index_updates(committed):
    return lambda: run_index_updates(committed)
