from datetime import timedelta

import pytest
from django.db.models import Q
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from broadsheet.newsroom.factories import AuthorFactory, TagFactory, paragraphs_body


@pytest.fixture
def make_article(make_article, committed):
    """Publish as the shared fixture does, then run the queued discovery tasks as the worker would.

    The reader's search index is updated in the publishing transaction; the related-article scores
    and Wagtail's own index (the back office's search) wait in django-tasks' database queue, so the
    test claims and runs each due task in-process (`db_worker --batch` would close its connection).
    """

    def make(*args, **kwargs):
        article = make_article(*args, **kwargs)
        run_index_updates(committed)
        return article

    return make


# What a publication leaves to the worker that discovery depends on: the related-article scores
# and Wagtail's index. Other apps' tasks (audio) are theirs to test.
DISCOVERY_TASKS = (
    Q(task_path__startswith="modelsearch.")
    | Q(task_path="broadsheet.newsroom.tasks.refresh_related")
    | Q(task_path__startswith="broadsheet.search.tasks.")
)


def run_index_updates(committed):
    index_tasks = DBTaskResult.objects.ready().filter(DISCOVERY_TASKS)
    while (job := index_tasks.order_by("enqueued_at").first()) is not None:
        job.claim("search-tests")
        with committed():
            job.set_successful(job.task.call(*job.task_result.args, **job.task_result.kwargs))


@pytest.fixture
def index_updates(committed):
    return lambda: run_index_updates(committed)


@pytest.fixture
def newsroom(make_article, china_tag, economy):
    now = timezone.now()
    alliance = make_article(
        "Analysts doubt a military alliance",
        tags=[china_tag],
        body=paragraphs_body(["Neither capital wants a formal alliance, the analysts said.", "Exercises go on."]),
        published_at=now - timedelta(days=2),
    )
    trade = make_article(
        "Grain exports rise again",
        section=economy,
        authors=[AuthorFactory(name="Anna Petrova", slug="anna-petrova")],
        tags=[TagFactory(name="Trade", slug="trade")],
        body=paragraphs_body(["Farmers sold more grain abroad, and talk of an alliance of exporters grew."]),
        published_at=now - timedelta(hours=1),
    )
    return alliance, trade
