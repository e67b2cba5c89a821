import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections


class Command(BaseCommand):
    help = "Publish and unpublish scheduled pages on time, checking every --interval seconds (no cron needed)."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=10.0)
        parser.add_argument("--once", action="store_true", help="Run one pass and exit.")

    def handle(self, *args, interval, once, **options):
        try:
            while True:
                # Wagtail's own command publishes, sends page_published, and so invalidates caches.
                call_command("publish_scheduled", verbosity=0)
                if once:
                    return
                time.sleep(interval)
                close_old_connections()
        except KeyboardInterrupt:
            return  # Ctrl-C: stop quietly between passes
