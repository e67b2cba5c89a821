from django.core.management.base import BaseCommand, CommandError

from ...services import BackupError, prune_backups, take_backup


class Command(BaseCommand):
    help = (
        "Back up the database and the media folder into a new timestamped folder (safe while the site runs). "
        "Prints the backup's path."
    )

    def add_arguments(self, parser):
        parser.add_argument("--to", metavar="FOLDER", help="Folder to write the backup into (default: BACKUP_DIR).")
        parser.add_argument(
            "--prune", action="store_true", help="Then delete backups in that folder older than BACKUP_KEEP_DAYS."
        )

    def handle(self, *args, to, prune, **options):
        try:
            backup = take_backup(folder=to)
            removed = prune_backups(folder=to) if prune else []
        except BackupError as error:
            raise CommandError(str(error)) from error
        tables = len(backup.rows)
        rows = sum(backup.rows.values())
        media = backup.manifest["media"]["files"]
        self.stderr.write(f"Backed up {rows} rows in {tables} tables and {media} media files.")
        for path in removed:
            self.stderr.write(f"Deleted old backup {path}.")
        # The path alone on stdout, so scripts can use it: restore "$(manage.py backup)".
        self.stdout.write(str(backup.path))
