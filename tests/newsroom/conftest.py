import pytest
from django_tasks_db.models import DBTaskResult


@pytest.fixture
def run_related_tasks(committed):
    """Run the queued related-article scoring, as the task worker does after a publication."""

    def run():
        jobs = DBTaskResult.objects.ready().filter(task_path="broadsheet.newsroom.tasks.refresh_related")
        while (job := jobs.order_by("enqueued_at").first()) is not None:
            job.claim("newsroom-tests")
            with committed():
                job.set_successful(job.task.call(*job.task_result.args, **job.task_result.kwargs))

    return run
