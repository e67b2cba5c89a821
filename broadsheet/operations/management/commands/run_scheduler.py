import logging
import threading
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connections

from broadsheet.backups.services import take_daily_backup
from broadsheet.pagecache.dependencies import one_invalidation

from ...signals import scheduler_pass

logger = logging.getLogger(__name__)

# After a failed daily backup, wait this long before trying again rather than every pass.
BACKUP_RETRY_SECONDS = 3600


class DailyBackup:
    """Take the daily backup in a thread, so scheduled publishing never waits for a long dump.

    "Done today" is read from the backups themselves (the newest one's time), not kept in memory:
    a restarted scheduler does not take another, and a manual backup counts as the day's.
    """

    def __init__(self):
        self.thread = None
        self.next_attempt = 0.0

    def run_if_due(self, *, wait=False):
        if self.thread and self.thread.is_alive():
            return
        if time.monotonic() < self.next_attempt:
            return
        # Looking is cheap (one folder listing), but not every 10 seconds.
        self.next_attempt = time.monotonic() + 60
        self.thread = threading.Thread(target=self.take, name="daily-backup")
        self.thread.start()
        if wait:
            self.thread.join()

    def take(self):
        try:
            backup = take_daily_backup()
            if backup:
                logger.info("Daily backup written to %s", backup.path)
        except Exception:
            logger.exception("The daily backup failed; trying again in an hour.")
            self.next_attempt = time.monotonic() + BACKUP_RETRY_SECONDS
        finally:
            connections.close_all()


class Command(BaseCommand):
    help = (
        "Publish and unpublish scheduled pages on time, checking every --interval seconds (no cron needed), "
        "and take the daily backup (BACKUP_DAILY) with BACKUP_KEEP_DAYS retention."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=10.0)
        parser.add_argument("--once", action="store_true", help="Run one pass and exit.")

    def handle(self, *args, interval, once, **options):
        daily_backup = DailyBackup() if settings.BACKUP_DAILY else None
        try:
            while True:
                # Wagtail's own command publishes, sends page_published, and so invalidates caches:
                # the stories going live on the same minute, once.
                with one_invalidation():
                    call_command("publish_scheduled", verbosity=0)
                if daily_backup:
                    daily_backup.run_if_due(wait=once)
                scheduler_pass.send(sender=self.__class__)
                if once:
                    return
                time.sleep(interval)
                close_old_connections()
        except KeyboardInterrupt:
            return  # Ctrl-C: stop quietly between passes; a backup under way finishes first
