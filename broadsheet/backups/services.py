"""Backups of the whole site (database and media) that can be taken while it serves, and restored.

A backup is one folder, `broadsheet-<UTC time>`, holding the database (`database.sqlite3`, a
copy made with SQLite's online backup API, or `database.dump`, pg_dump's custom format), the
media folder as `media.tar`, and `manifest.json`: when it was taken, the database kind, the
applied migrations and the row count of every table, all read from the same snapshot as the
copy, so a restore can prove it brought back exactly what was saved.

The folder is written under a hidden `.partial` name and renamed when complete: a backup that
crashed half-way is never taken for a good one, by a restore or by pruning.
"""

import json
import os
import shutil
import sqlite3
import subprocess  # nosec B404
import tarfile
import tempfile
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import connections

MANIFEST = "manifest.json"
MEDIA_ARCHIVE = "media.tar"
SQLITE_FILE = "database.sqlite3"
POSTGRES_FILE = "database.dump"
NAME_PREFIX = "broadsheet-"
MANIFEST_FORMAT = 1


class BackupError(Exception):
    """A backup or restore that could not be done; the message says why and what to do."""


class RestoreRefused(BackupError):
    """The target already holds a site; restoring would overwrite it."""


@dataclass(frozen=True)
class Backup:
    path: Path
    manifest: dict

    @property
    def created_at(self):
        return datetime.fromisoformat(self.manifest["created_at"])

    @property
    def rows(self):
        return self.manifest["rows"]


def database_kind(alias="default"):
    """Return "sqlite" or "postgresql": the two databases Broadsheet backs up."""
    vendor = connections[alias].vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    return vendor


def default_backup_folder():
    return Path(settings.BACKUP_DIR)


# ---------------------------------------------------------------------------
# Taking a backup
# ---------------------------------------------------------------------------
def take_backup(*, folder=None, alias="default", now=None):
    """Back up the database and the media folder into a new timestamped folder and return it."""
    folder = Path(folder or default_backup_folder())
    folder.mkdir(parents=True, exist_ok=True)
    now = now or datetime.now(UTC)
    kind = database_kind(alias)
    partial = Path(tempfile.mkdtemp(prefix=".partial-", dir=folder))
    try:
        # The database first, then media: every file a saved row points to was uploaded before
        # its row committed, so it is already on disk when the media folder is archived.
        if kind == "sqlite":
            snapshot = copy_sqlite(alias, partial / SQLITE_FILE)
        else:
            snapshot = dump_postgresql(alias, partial / POSTGRES_FILE)
        media = archive_media(Path(settings.MEDIA_ROOT), partial / MEDIA_ARCHIVE)
        manifest = {
            "format": MANIFEST_FORMAT,
            "created_at": now.isoformat(),
            "database": {"kind": kind, "file": SQLITE_FILE if kind == "sqlite" else POSTGRES_FILE},
            "migrations": snapshot["migrations"],
            "rows": snapshot["rows"],
            "media": media,
        }
        (partial / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
        path = publish(partial, folder, now)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return Backup(path=path, manifest=manifest)


def publish(partial, folder, now):
    """Give a complete backup its final name; a second backup in the same second gets a suffix."""
    stem = NAME_PREFIX + now.strftime("%Y%m%dT%H%M%SZ")
    for attempt in range(100):
        path = folder / (stem if attempt == 0 else f"{stem}-{attempt}")
        try:
            # rename() onto an existing non-empty folder fails, so two backups never share one.
            os.rename(partial, path)
            return path
        except OSError:
            if not path.exists():
                raise
    raise BackupError(f"Too many backups named {stem} in {folder}.")


def copy_sqlite(alias, target):
    """Copy the live SQLite database with the online backup API and describe the copy."""
    source_path = Path(connections[alias].settings_dict["NAME"])
    if not source_path.is_file():
        raise BackupError(f"There is no database at {source_path} to back up.")
    source = sqlite3.connect(source_path, timeout=30)
    destination = sqlite3.connect(target)
    try:
        # One step (pages=-1) reads the whole database inside one read transaction: in WAL mode
        # that sees one consistent state while writers carry on. Copying in several steps would
        # restart every time another connection writes, and might never finish under steady votes.
        source.backup(destination, pages=-1)
    finally:
        source.close()
    try:
        # The copy keeps the source's WAL mode; fold it into one self-contained file.
        destination.execute("PRAGMA journal_mode=DELETE")
        result = destination.execute("PRAGMA integrity_check").fetchone()[0]
        if result != "ok":
            raise BackupError(f"The copied database failed its integrity check: {result}")
        return describe_sqlite(destination)
    finally:
        destination.close()


def describe_sqlite(db):
    tables = [
        name
        for (name,) in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    # Table names come from sqlite_master, never from input.
    rows = {table: db.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] for table in tables}  # nosec B608
    migrations = []
    if "django_migrations" in tables:
        applied = db.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        migrations = [f"{app}.{name}" for app, name in applied]
    return {"rows": rows, "migrations": migrations}


def postgres_environment(alias):
    """Return the environment that points pg_dump, pg_restore and psql at this database."""
    config = connections[alias].settings_dict
    env = {**os.environ, "PGDATABASE": config["NAME"]}
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if config.get(key):
            env[variable] = str(config[key])
    return env


def run_postgres_tool(command, alias):
    try:
        # A fixed argv of the PostgreSQL client tools, no shell.
        result = subprocess.run(command, env=postgres_environment(alias), capture_output=True, text=True)  # nosec B603
    except FileNotFoundError as error:
        raise BackupError(f"{command[0]} is not installed: install postgresql-client.") from error
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")
    return result


def dump_postgresql(alias, target):
    """Dump the database with pg_dump from one exported snapshot, and describe that same snapshot."""
    connection = connections.create_connection(alias)
    try:
        connection.set_autocommit(False)
        with connection.cursor() as cursor:
            # pg_dump reads the snapshot this transaction exports, and the counts below read it
            # too: the manifest describes exactly what the dump holds, however many votes arrive.
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot_id = cursor.fetchone()[0]
            run_postgres_tool(["pg_dump", "--format=custom", f"--snapshot={snapshot_id}", f"--file={target}"], alias)
            description = describe_postgresql(cursor)
        connection.rollback()
    finally:
        connection.close()
    return description


def postgres_tables(cursor):
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")
    return [name for (name,) in cursor.fetchall()]


def describe_postgresql(cursor):
    tables = postgres_tables(cursor)
    rows = {}
    for table in tables:
        # Table names come from pg_tables, never from input.
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # nosec B608
        rows[table] = cursor.fetchone()[0]
    migrations = []
    if "django_migrations" in tables:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        migrations = [f"{app}.{name}" for app, name in cursor.fetchall()]
    return {"rows": rows, "migrations": migrations}


def archive_media(media_root, target):
    """Write the media folder into an uncompressed tar (images and audio are compressed already)."""
    files = size = 0
    with tarfile.open(target, "w") as archive:
        if media_root.is_dir():
            for path in sorted(media_root.rglob("*")):
                if path.is_file() and not path.is_symlink():
                    try:
                        info = archive.gettarinfo(path, arcname=str(path.relative_to(media_root)))
                        with path.open("rb") as file:
                            archive.addfile(info, file)
                    except FileNotFoundError:
                        continue  # deleted while we archived (a replaced rendition): nothing points to it
                    files += 1
                    size += info.size
    return {"file": MEDIA_ARCHIVE, "files": files, "bytes": size}


# ---------------------------------------------------------------------------
# Reading and pruning backups
# ---------------------------------------------------------------------------
def read_backup(path):
    """Return the backup stored at `path`, or raise BackupError saying what is wrong with it."""
    path = Path(path)
    if not path.is_dir():
        raise BackupError(f"{path} is not a backup folder.")
    try:
        manifest = json.loads((path / MANIFEST).read_text())
    except FileNotFoundError as error:
        raise BackupError(f"{path} has no {MANIFEST}: it is not a complete Broadsheet backup.") from error
    except ValueError as error:
        raise BackupError(f"{path / MANIFEST} is damaged: {error}") from error
    if manifest.get("format") != MANIFEST_FORMAT:
        raise BackupError(f"{path} was written in backup format {manifest.get('format')}, not {MANIFEST_FORMAT}.")
    database_file = path / manifest["database"]["file"]
    if not database_file.is_file():
        raise BackupError(f"{path} is missing its database file {database_file.name}.")
    if not (path / manifest["media"]["file"]).is_file():
        raise BackupError(f"{path} is missing its media archive {manifest['media']['file']}.")
    return Backup(path=path, manifest=manifest)


def list_backups(folder=None):
    """Return the complete backups in `folder`, oldest first; partial and foreign folders are skipped."""
    folder = Path(folder or default_backup_folder())
    if not folder.is_dir():
        return []
    backups = []
    for path in folder.iterdir():
        if path.name.startswith(NAME_PREFIX) and (path / MANIFEST).is_file():
            try:
                backups.append(read_backup(path))
            except BackupError:
                continue
    return sorted(backups, key=lambda backup: backup.created_at)


def prune_backups(*, folder=None, keep_days=None, now=None):
    """Delete backups older than `keep_days` but never the newest one; return the deleted paths."""
    keep_days = settings.BACKUP_KEEP_DAYS if keep_days is None else keep_days
    if keep_days < 1:
        raise BackupError("Backups must be kept for at least one day (BACKUP_KEEP_DAYS).")
    now = now or datetime.now(UTC)
    cutoff = now - timedelta(days=keep_days)
    backups = list_backups(folder)
    # If backups stopped for a while, the last good one is still the one to restore from.
    removed = [backup.path for backup in backups[:-1] if backup.created_at < cutoff]
    # Leftovers of backups killed half-way (a stopped scheduler); a day old, so none is running.
    folder = Path(folder or default_backup_folder())
    if folder.is_dir():
        stale = (now - timedelta(days=1)).timestamp()
        removed += [path for path in folder.glob(".partial-*") if path.stat().st_mtime < stale]
    for path in removed:
        shutil.rmtree(path)
    return removed


def backup_is_due(*, folder=None, now=None, every=timedelta(days=1)):
    """Return whether the newest backup is older than `every` (or there is none)."""
    backups = list_backups(folder)
    now = now or datetime.now(UTC)
    return not backups or now - backups[-1].created_at >= every


def take_daily_backup(*, folder=None, keep_days=None, now=None):
    """Take a backup if none was taken in the last day, then prune; return the new backup or None."""
    if not backup_is_due(folder=folder, now=now):
        return None
    backup = take_backup(folder=folder, now=now)
    prune_backups(folder=folder, keep_days=keep_days, now=now)
    return backup


# ---------------------------------------------------------------------------
# Restoring
# ---------------------------------------------------------------------------
def restore_backup(path, *, force=False, alias="default"):
    """Restore a backup into the configured database and media folder, then check what was restored.

    Refuses when the database or the media folder already holds something, unless `force`.
    """
    backup = read_backup(path)
    kind = database_kind(alias)
    saved_kind = backup.manifest["database"]["kind"]
    if saved_kind != kind:
        raise BackupError(f"{backup.path} holds a {saved_kind} database; this site is configured for {kind}.")
    media_root = Path(settings.MEDIA_ROOT)
    occupied = [
        what
        for what, is_empty in (
            ("the database", database_is_empty(alias)),
            ("the media folder", folder_is_empty(media_root)),
        )
        if not is_empty
    ]
    if occupied and not force:
        raise RestoreRefused(
            f"Not restoring: {' and '.join(occupied)} already hold data. Restore into a new database "
            "and data folder, or pass --force to replace them (stop the site first)."
        )
    if kind == "sqlite":
        restore_sqlite(backup, alias)
    else:
        restore_postgresql(backup, alias)
    restore_media(backup, media_root)
    check_restored(backup, alias)
    return backup


def database_is_empty(alias):
    connection = connections[alias]
    if connection.vendor == "sqlite":
        database = Path(connection.settings_dict["NAME"])
        if not database.exists() or database.stat().st_size == 0:
            return True
    return not connection.introspection.table_names()


def folder_is_empty(folder):
    return not folder.exists() or not any(folder.iterdir())


def restore_sqlite(backup, alias):
    connection = connections[alias]
    database = Path(connection.settings_dict["NAME"])
    connection.close()
    database.parent.mkdir(parents=True, exist_ok=True)
    # Copy beside the target, then rename over it: the live name never holds half a file.
    incoming = database.with_name(f".{database.name}.restoring")
    shutil.copyfile(backup.path / SQLITE_FILE, incoming)
    # A WAL or shared-memory file left by the replaced database would be replayed onto the copy.
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    os.replace(incoming, database)


def restore_postgresql(backup, alias):
    connection = connections[alias]
    with connection.cursor() as cursor:
        # --force: drop what is there. Sequences owned by columns go with their tables.
        for table in postgres_tables(cursor):
            cursor.execute(f'DROP TABLE IF EXISTS "{table}" CASCADE')
    connection.close()
    # One transaction: a restore that fails part-way leaves the database as empty as it found it.
    # No owners or grants: the backup may come from a server where the site used another role.
    run_postgres_tool(
        [
            "pg_restore",
            "--single-transaction",
            "--exit-on-error",
            "--no-owner",
            "--no-privileges",
            f"--dbname={connection.settings_dict['NAME']}",
            str(backup.path / POSTGRES_FILE),
        ],
        alias,
    )


def restore_media(backup, media_root):
    media_root.mkdir(parents=True, exist_ok=True)
    # Unpack beside the media folder first, so a damaged archive leaves the folder as it was.
    incoming = Path(tempfile.mkdtemp(prefix=".media-restoring-", dir=media_root.parent))
    try:
        with tarfile.open(backup.path / backup.manifest["media"]["file"]) as archive:
            # The "data" filter refuses absolute paths, links out of the folder and device files.
            archive.extractall(incoming, filter="data")
        # Empty the folder rather than replace it: it may be a mount point (a volume).
        for entry in media_root.iterdir():
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
        for entry in incoming.iterdir():
            os.rename(entry, media_root / entry.name)
    finally:
        shutil.rmtree(incoming, ignore_errors=True)


def check_restored(backup, alias):
    """Raise BackupError unless the restored database has the saved row counts and migrations."""
    connection = connections[alias]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA integrity_check")
            result = cursor.fetchone()[0]
            if result != "ok":
                raise BackupError(f"The restored database failed its integrity check: {result}")
    if connection.vendor == "sqlite":
        with closing(sqlite3.connect(connection.settings_dict["NAME"])) as db:
            restored = describe_sqlite(db)
    else:
        with connection.cursor() as cursor:
            restored = describe_postgresql(cursor)
    if restored["rows"] != backup.rows:
        differences = sorted(
            f"{table}: {backup.rows.get(table)} saved, {restored['rows'].get(table)} restored"
            for table in set(backup.rows) | set(restored["rows"])
            if backup.rows.get(table) != restored["rows"].get(table)
        )
        raise BackupError("The restored row counts differ from the backup's: " + "; ".join(differences[:10]))
    if restored["migrations"] != backup.manifest["migrations"]:
        raise BackupError("The restored migration history differs from the backup's.")
