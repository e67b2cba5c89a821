import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from ...server import web_server_command


class Command(BaseCommand):
    help = "Serve the site: the granian web server, the task worker and the publishing scheduler together."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_WORKERS", "1")))
        parser.add_argument("--threads", type=int, default=int(os.environ.get("WEB_THREADS", "2")))
        parser.add_argument(
            "--no-scheduler",
            action="store_true",
            help="Leave scheduled publishing and daily backups to another host (one scheduler per deployment).",
        )

    def handle(self, *args, host, port, workers, threads, no_scheduler=False, **options):
        manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
        commands = {
            "web": web_server_command(host=host, port=port, workers=workers, threads=threads),
            "worker": [*manage, "db_worker", "--interval", "1"],
            "scheduler": [*manage, "run_scheduler"],
        }
        if no_scheduler:
            del commands["scheduler"]
        Path(settings.MEDIA_ROOT).mkdir(parents=True, exist_ok=True)
        children = {name: subprocess.Popen(command) for name, command in commands.items()}
        stopping = []

        def stop(signum, frame):
            stopping.append(signum)

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        try:
            # Run until Ctrl-C, a TERM, or one of the three ending on its own (which ends the others).
            while not stopping and all(child.poll() is None for child in children.values()):
                time.sleep(0.2)
        finally:
            for child in children.values():
                if child.poll() is None:
                    child.terminate()
            deadline = time.monotonic() + 10
            for name, child in children.items():
                try:
                    child.wait(timeout=max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    self.stderr.write(f"{name} did not stop in time; killing it.")
                    child.kill()
                    child.wait()
        self.stdout.write("Stopped the web server, the task worker and the scheduler.")
