import logging

from django.conf import settings
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorker

from broadsheet.pagecache.dependencies import one_invalidation


class Command(DatabaseWorker):
    help = "Run the task worker, logging at LOG_LEVEL (WARNING by default: no line per task)."

    def configure_logging(self, verbosity):
        super().configure_logging(verbosity)
        if verbosity == 1:
            # db_worker sets its loggers to INFO, one "Task id=… state=RUNNING" line per task: under
            # `make run` that buried the login. Errors and failed tasks still show.
            for name in ("django_tasks", "django.tasks", "django_tasks_db"):
                logging.getLogger(name).setLevel(settings.LOG_LEVEL)

    def run_task(self, db_task_result):
        # What one task changes (a story's related lists, its audio) moves the page cache's epoch once.
        with one_invalidation():
            super().run_task(db_task_result)
