"""Backups and restores: a restore drill against real running sites, retention, the daily backup."""

import json
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
import requests
from django.core.management import CommandError, call_command

from broadsheet.backups.services import BackupError, list_backups, prune_backups, take_backup, take_daily_backup
from tests.harness.sites import ROOT, RunningSite
from tests.polls.test_concurrency import create_poll, csrf_token, send_vote

COUNT_EVERY_TABLE = """
import json
from django.db import connection
with connection.cursor() as cursor:
    rows = {}
    for table in connection.introspection.table_names():
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
        rows[table] = cursor.fetchone()[0]
print(json.dumps(rows))
"""

DATABASE_IS_SOUND = """
from django.db import connection
with connection.cursor() as cursor:
    if connection.vendor == "sqlite":
        cursor.execute("PRAGMA integrity_check")
        print(cursor.fetchone()[0])
    else:
        # A query across the page tree, revisions and ballots: the restored data hangs together.
        cursor.execute(
            "SELECT COUNT(*) FROM wagtailcore_page p JOIN wagtailcore_revision r ON r.id = p.live_revision_id"
        )
        pages = cursor.fetchone()[0]
        cursor.execute(
            "SELECT COUNT(*) FROM polls_ballot b LEFT JOIN polls_option o ON o.id = b.option_id WHERE o.id IS NULL"
        )
        orphans = cursor.fetchone()[0]
        print("ok" if pages > 0 and orphans == 0 else f"pages={pages} orphans={orphans}")
"""


def last_line(output):
    return output.strip().splitlines()[-1]


def count_every_table(site):
    return json.loads(last_line(site.shell(COUNT_EVERY_TABLE)))


def sample_article_paths(site, count=6):
    code = f"""
import json
from broadsheet.newsroom.models import ArticlePage
print(json.dumps([page.url for page in ArticlePage.objects.live().order_by("pk")[:{count}]]))
"""
    return json.loads(last_line(site.shell(code)))


def fetch(site, path):
    response = requests.get(site.url + path, timeout=10)
    assert response.status_code == 200, path
    return response.content


def media_files(folder):
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file())


class Voters:
    """Readers voting from several threads until stopped, each vote from a new reader."""

    def __init__(self, site, threads=4):
        self.site, self.stop_event = site, threading.Event()
        self.poll = create_poll(site, network_limit=0)
        self.token = csrf_token(site.url, self.poll["poll"])
        self.sent, self.accepted, self.errors = [], [], []  # monotonic times
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self.vote) for _ in range(threads)]

    def vote(self):
        with requests.Session() as session:
            while not self.stop_event.is_set():
                sent_at = time.monotonic()
                with self.lock:
                    self.sent.append(sent_at)
                response = send_vote(session, self.site.url, self.poll["poll"], self.poll["options"][0], self.token)
                with self.lock:
                    (self.accepted if response.status_code == 200 else self.errors).append(time.monotonic())

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stop_event.set()
        for thread in self.threads:
            thread.join()

    def wait_for(self, count):
        deadline = time.monotonic() + 30
        while len(self.accepted) < count:
            assert time.monotonic() < deadline, "the voters are not getting through"
            time.sleep(0.05)

    def accepted_before(self, moment):
        return sum(1 for at in self.accepted if at < moment)

    def sent_before(self, moment):
        return sum(1 for at in self.sent if at < moment)


@pytest.mark.concurrency
def test_backup_taken_while_readers_vote_restores_into_a_new_site_with_the_same_rows_and_pages(site, tmp_path):
    paths = sample_article_paths(site)
    pages_before = {path: fetch(site, path) for path in paths}
    ballots_before = count_every_table(site)["polls_ballot"]

    with Voters(site) as voters:
        voters.wait_for(50)
        started = time.monotonic()
        backup = subprocess.run(
            [sys.executable, "manage.py", "backup", "--to", str(tmp_path)],
            cwd=ROOT,
            env=site.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        finished = time.monotonic()
        voters.wait_for(voters.accepted_before(finished) + 50)  # and votes carry on after it
    assert backup.returncode == 0, backup.stderr
    assert not voters.errors, f"{len(voters.errors)} votes failed during the backup"
    assert voters.accepted_before(finished) > voters.accepted_before(started), "no vote landed during the backup"

    # The backup holds a moment between its start and its end: every ballot acknowledged before
    # it started, none sent after it ended.
    backup_path = tmp_path / last_line(backup.stdout).rsplit("/", 1)[-1]
    manifest = json.loads((backup_path / "manifest.json").read_text())
    saved_ballots = manifest["rows"]["polls_ballot"] - ballots_before
    assert voters.accepted_before(started) <= saved_ballots <= voters.sent_before(finished)
    assert manifest["database"]["kind"] == ("postgresql" if site.database else "sqlite")
    assert manifest["migrations"] and manifest["media"]["files"] > 0

    # Article pages are the same bytes for every reader and do not change with votes (counts
    # arrive as fragments), so the pages served now are the pages of the backup's moment.
    assert {path: fetch(site, path) for path in paths} == pages_before

    restored = RunningSite(workers=1, threads=2)
    # The same public address as the original: absolute links in pages are part of the bytes.
    restored.env["SITE_URL"] = site.url
    try:
        restored.manage("restore", str(backup_path))
        restored.manage("collectstatic", "--noinput")
        restored.start()

        soundness, rows = restored.shell(DATABASE_IS_SOUND + COUNT_EVERY_TABLE).strip().splitlines()[-2:]
        assert soundness == "ok"
        assert json.loads(rows) == manifest["rows"]
        restored.manage("migrate", "--check")  # exits non-zero if any migration is unapplied
        assert media_files(restored.folder / "media") == media_files(site.folder / "media")
        for path in paths:
            assert fetch(restored, path) == pages_before[path], f"{path} differs after the restore"
        assert requests.get(restored.url + "/readyz", timeout=10).status_code == 200

        # A second restore over the restored site is refused and leaves it as it is.
        again = subprocess.run(
            [sys.executable, "manage.py", "restore", str(backup_path)],
            cwd=ROOT,
            env=restored.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert again.returncode != 0
        assert "Not restoring: the database and the media folder already hold data" in again.stderr
        assert "--force" in again.stderr
        assert count_every_table(restored) == manifest["rows"]
    finally:
        restored.stop()


def test_restore_refuses_a_folder_that_is_not_a_backup(tmp_path):
    with pytest.raises(CommandError, match="has no manifest.json: it is not a complete Broadsheet backup"):
        call_command("restore", str(tmp_path))
    with pytest.raises(CommandError, match="is not a backup folder"):
        call_command("restore", str(tmp_path / "missing"))


def test_restore_refuses_a_backup_with_its_database_file_missing(tmp_path, db):
    backup = take_backup(folder=tmp_path)
    (backup.path / backup.manifest["database"]["file"]).unlink()
    with pytest.raises(CommandError, match="is missing its database file"):
        call_command("restore", str(backup.path))


def test_a_backup_describes_the_database_it_saved(tmp_path, db):
    backup = take_backup(folder=tmp_path)
    assert backup.path.parent == tmp_path and backup.path.name.startswith("broadsheet-")
    assert "polls.0001_initial" in backup.manifest["migrations"]
    assert {"wagtailcore_page", "polls_ballot", "django_migrations"} <= set(backup.rows)
    assert backup.rows["django_migrations"] == len(backup.manifest["migrations"])
    assert not list(tmp_path.glob(".partial-*"))  # nothing half-written left behind


def test_two_backups_in_the_same_second_get_two_folders(tmp_path, db):
    now = datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)
    first, second = take_backup(folder=tmp_path, now=now), take_backup(folder=tmp_path, now=now)
    assert first.path != second.path
    assert len(list_backups(tmp_path)) == 2


def test_pruning_deletes_backups_older_than_the_retention_but_never_the_newest(tmp_path, db):
    now = datetime(2030, 6, 15, 4, 0, tzinfo=UTC)
    for days_ago in (30, 10, 8, 6, 1):
        take_backup(folder=tmp_path, now=now - timedelta(days=days_ago))
    removed = prune_backups(folder=tmp_path, keep_days=7, now=now)
    assert len(removed) == 3
    assert [now - b.created_at for b in list_backups(tmp_path)] == [timedelta(days=6), timedelta(days=1)]

    # Backups stopped a month ago: the last one is still the one to restore from.
    later = now + timedelta(days=30)
    prune_backups(folder=tmp_path, keep_days=7, now=later)
    assert [later - b.created_at for b in list_backups(tmp_path)] == [timedelta(days=31)]


def test_pruning_refuses_a_retention_of_less_than_a_day(tmp_path, db):
    take_backup(folder=tmp_path)
    with pytest.raises(BackupError, match="at least one day"):
        prune_backups(folder=tmp_path, keep_days=0)
    assert len(list_backups(tmp_path)) == 1


def test_the_daily_backup_is_taken_once_a_day(tmp_path, db):
    morning = datetime(2030, 3, 1, 6, 0, tzinfo=UTC)
    assert take_daily_backup(folder=tmp_path, now=morning) is not None
    assert take_daily_backup(folder=tmp_path, now=morning + timedelta(hours=23)) is None
    assert take_daily_backup(folder=tmp_path, now=morning + timedelta(hours=24)) is not None
    assert len(list_backups(tmp_path)) == 2


def test_the_scheduler_takes_the_daily_backup_and_a_restarted_one_does_not_repeat_it(tmp_path, db, settings):
    settings.BACKUP_DIR = tmp_path
    call_command("run_scheduler", "--once")
    call_command("run_scheduler", "--once")  # a restart: the day's backup is on disk already
    assert len(list_backups(tmp_path)) == 1


def test_the_scheduler_takes_no_backup_when_daily_backups_are_off(tmp_path, db, settings):
    settings.BACKUP_DIR, settings.BACKUP_DAILY = tmp_path, False
    call_command("run_scheduler", "--once")
    assert list_backups(tmp_path) == []
