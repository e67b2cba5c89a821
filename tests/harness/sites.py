"""A throwaway Broadsheet site: its own database, migrated, demo built, served by granian.

Used by end-to-end tests, `make bench` and restore drills.

Runs the same commands as `make run`, in a temporary data folder (SQLite) or a fresh PostgreSQL
database beside the test database when DATABASE_URL is set, so tests never touch a developer's data.
"""

import atexit
import os
import secrets
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import closing
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from broadsheet.operations.server import web_server_command

ROOT = Path(__file__).resolve().parent.parent.parent
# The database file settings.py names in DATA_DIR.
SQLITE_NAME = "broadsheet.sqlite3"
# A copied site names its own address, as `make run`'s ensure_site would.
SITE_ADDRESS = "UPDATE wagtailcore_site SET hostname = ?, port = ? WHERE is_default_site"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def with_database(url, name):
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def postgres_admin(url, sql):
    import psycopg

    with psycopg.connect(with_database(url, "postgres"), autocommit=True) as connection:
        connection.execute(sql)


class RunningSite:
    # When true (the test suite sets it), the first site built at a given size is kept as a
    # template and later sites start from a copy of it: migrating and building the demo newsroom
    # takes about a minute of CPU, copying it a second. A copy is the same data with this site's
    # address in its Site record. {size: template folder, or PostgreSQL template database name}
    reuse_builds = False
    _templates = {}

    def __init__(self, workers=1, threads=4, extra_env=None):
        self.workers, self.threads = workers, threads
        self.folder = Path(tempfile.mkdtemp(prefix="broadsheet-site-"))
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        # Not the test process's own switches (pytest's, the browser fixture's async guard).
        skipped = ("PYTEST", "DJANGO_SETTINGS", "DJANGO_ALLOW_ASYNC_UNSAFE")
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(skipped)}
        self.env.update(
            DJANGO_SETTINGS_MODULE="broadsheet.settings",
            DATA_DIR=str(self.folder),
            CACHE_DIR=str(self.folder / "cache"),
            MEDIA_ROOT=str(self.folder / "media"),
            STATIC_ROOT=str(self.folder / "static"),
            SITE_URL=self.url,
            # Known to the tests, which sign reader tokens as the site would.
            SECRET_KEY=secrets.token_urlsafe(50),
            CACHE_PREFIX=f"site{self.port}",
            # Load tests send thousands of votes, views and clicks a second from this machine;
            # the per-minute guards (broadsheet/throttle.py, 0 turns a rule off) would stop them
            # before the rules under test (one ballot per reader, the network allowance) are
            # reached. The guards' own tests run in-process with the defaults.
            WRITE_ATTEMPTS_PER_MINUTE="0",
            VIEW_BEACONS_PER_MINUTE="0",
            CLICKS_PER_MINUTE="0",
            # A throwaway site runs no task worker, so queued jobs (search and reference indexes,
            # audio) wait for ever; readiness must not report that as a stuck production worker.
            READYZ_TASK_MAX_WAIT="100000000",
            **(extra_env or {}),
        )
        if os.environ.get("REDIS_URL"):
            # The tests empty their own Redis database between tests; the site keeps its own.
            self.env["REDIS_URL"] = os.environ["REDIS_URL"].rsplit("/", 1)[0] + "/2"
        self.database = None
        if os.environ.get("DATABASE_URL"):
            self.database = f"broadsheet_site_{self.port}"
            postgres_admin(os.environ["DATABASE_URL"], f'CREATE DATABASE "{self.database}"')
            self.env["DATABASE_URL"] = with_database(os.environ["DATABASE_URL"], self.database)
        self.server = None
        self.owns_data = True

    def twin(self, **extra_env):
        """Return another server over the same data (a different port and settings), not yet started."""
        other = object.__new__(RunningSite)
        other.__dict__.update(self.__dict__)
        other.port = free_port()
        other.url = f"http://127.0.0.1:{other.port}"
        other.env = {**self.env, "SITE_URL": other.url, **extra_env}
        other.database, other.server, other.owns_data = self.database, None, False
        return other

    def manage(self, *args, timeout=600):
        subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            check=True,
            timeout=timeout,
            stdout=subprocess.DEVNULL,
        )

    def shell(self, code):
        """Run Python in the site's Django (its database and settings) and return what it printed."""
        result = subprocess.run(
            [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
            cwd=ROOT,
            env=self.env,
            check=True,
            timeout=300,
            capture_output=True,
            text=True,
        )
        return result.stdout

    def prepare(self, size=0):
        template = RunningSite._templates.get(size) if self.reuse_builds else None
        if template is not None:
            self.copy_template(template)
            return self
        self.manage("migrate", "--noinput")
        self.manage("collectstatic", "--noinput")
        self.manage("build_demo", "--if-empty", "--size", str(size), timeout=3600)
        if self.reuse_builds:
            RunningSite._templates[size] = self.make_template()
        return self

    def make_template(self):
        """Keep a copy of this just-built site (its data folder, and its database) for later sites."""
        folder = Path(tempfile.mkdtemp(prefix="broadsheet-template-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        shutil.copytree(self.folder, folder, dirs_exist_ok=True, ignore=shutil.ignore_patterns("cache", "*.sqlite3*"))
        database = None
        if self.database:
            database = f"broadsheet_template_{os.getpid()}_{self.port}"
            postgres_admin(os.environ["DATABASE_URL"], f'CREATE DATABASE "{database}" TEMPLATE "{self.database}"')
            atexit.register(
                postgres_admin, os.environ["DATABASE_URL"], f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'
            )
        else:
            source, copy = sqlite3.connect(self.folder / SQLITE_NAME), sqlite3.connect(folder / SQLITE_NAME)
            with closing(source), closing(copy):
                source.backup(copy)
        return folder, database

    def copy_template(self, template):
        folder, database = template
        mode = self.folder.stat().st_mode  # copytree gives the folder the template's (owner-only) mode
        shutil.copytree(folder, self.folder, dirs_exist_ok=True)
        self.folder.chmod(mode)
        if self.database:
            import psycopg

            postgres_admin(os.environ["DATABASE_URL"], f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
            postgres_admin(os.environ["DATABASE_URL"], f'CREATE DATABASE "{self.database}" TEMPLATE "{database}"')
            with psycopg.connect(self.env["DATABASE_URL"], autocommit=True) as connection:
                connection.execute(SITE_ADDRESS.replace("?", "%s"), self.address())
        else:
            source, copy = sqlite3.connect(folder / SQLITE_NAME), sqlite3.connect(self.folder / SQLITE_NAME)
            with closing(source), closing(copy):
                source.backup(copy)
                copy.execute(SITE_ADDRESS, self.address())
                copy.commit()

    def address(self):
        """Return the host and port of this site's SITE_URL, as `make run`'s ensure_site sets them."""
        parts = urlsplit(self.env["SITE_URL"])
        return parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)

    def start(self):
        for folder in ("static", "media"):
            (self.folder / folder).mkdir(parents=True, exist_ok=True)
        self.server = subprocess.Popen(
            web_server_command(
                host="127.0.0.1",
                port=self.port,
                workers=self.workers,
                threads=self.threads,
                static_root=self.folder / "static",
                media_root=self.folder / "media",
                log_level="warning",
            ),
            cwd=ROOT,
            env=self.env,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.server.poll() is not None:
                raise RuntimeError(f"the site exited with status {self.server.returncode}")
            try:
                # The site's own http://127.0.0.1 address, never a URL from input.
                urllib.request.urlopen(self.url + "/f/account/", timeout=2)  # nosec B310
                return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("the site did not start within 60 seconds")

    def kill(self, sig=signal.SIGKILL):
        """Stop the server at once (its whole process group), as a crash would."""
        if self.server and self.server.poll() is None:
            os.killpg(self.server.pid, sig)
            self.server.wait(timeout=30)
        self.server = None

    def stop(self):
        self.kill(signal.SIGTERM)
        if not self.owns_data:
            return
        if self.database:
            postgres_admin(os.environ["DATABASE_URL"], f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
        shutil.rmtree(self.folder, ignore_errors=True)
