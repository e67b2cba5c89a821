import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from ...server import web_server_command
from ...welcome import welcome_lines


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
            "web": web_server_command(
                host=host, port=port, workers=workers, threads=threads, log_level=settings.LOG_LEVEL.lower()
            ),
            "worker": [*manage, "run_worker", "--interval", "1"],
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
        # The start-up lines (granian's, the first tasks') scroll the login away: say it again once
        # the server answers, so it is the last thing on the screen.
        # A server listening on every interface is asked on loopback.
        ready_address = ("127.0.0.1" if host in ("0.0.0.0", "::", "") else host, port)  # nosec B104
        welcomed = False
        try:
            # Run until Ctrl-C, a TERM, or one of the three ending on its own (which ends the others).
            while not stopping and all(child.poll() is None for child in children.values()):
                if not welcomed and answers(ready_address):
                    welcomed = True
                    self.stdout.write("\nBroadsheet is ready (Ctrl-C stops it).")
                    for line in welcome_lines():
                        self.stdout.write(line)
                    self.stdout.flush()
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


def answers(address):
    """Return whether something accepts connections at (host, port)."""
    try:
        with socket.create_connection(address, timeout=0.5):
            return True
    except OSError:
        return False
