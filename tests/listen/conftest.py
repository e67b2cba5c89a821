import pytest
from django_tasks_db.models import DBTaskResult

from broadsheet.newsroom.factories import paragraphs_body


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Audio files land in the test's own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def run_tasks(committed):
    """Run every due task from the real database queue, as the worker does (claim, call, record).

    In-process rather than `db_worker --batch`, which closes the test's database connection.
    Tasks enqueued while running (retries) run too, until none is due.
    """

    def run():
        ran = 0
        while (job := DBTaskResult.objects.ready().order_by("enqueued_at").first()) is not None:
            job.claim("test-worker")
            with committed():
                result = job.task_result
                try:
                    job.set_successful(job.task.call(*result.args, **result.kwargs))
                except Exception as error:  # as the worker does: the job is marked failed
                    job.set_failed(error)
            ran += 1
        return ran

    return run


def queued(task_name):
    return DBTaskResult.objects.filter(task_path__endswith=task_name, status="READY").count()


@pytest.fixture
def story(make_article, china_tag):
    body = paragraphs_body(
        [
            "Officials met in Beijing on Thursday to discuss trade worth $5bn a year.",
            "Both sides said the talks had been useful and would continue in March.",
        ]
    )
    return make_article("Talks on trade resume", tags=[china_tag], body=body, dateline_place="Beijing")
