from django.core.management.base import BaseCommand, CommandError

from ...services import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into the configured database and media folder, "
        "which must be empty (a new database and data folder) unless --force. Stop the site first."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The backup folder (broadsheet-<time>).")
        parser.add_argument(
            "--force", action="store_true", help="Replace the database and media that are there now. Irreversible."
        )

    def handle(self, *args, path, force, **options):
        try:
            backup = restore_backup(path, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(backup.rows.values())
        self.stdout.write(
            f"Restored {backup.path.name} (taken {backup.manifest['created_at']}): {rows} rows in "
            f"{len(backup.rows)} tables, {backup.manifest['media']['files']} media files; counts checked. "
            "Run `manage.py migrate` if this code is newer than the backup."
        )
