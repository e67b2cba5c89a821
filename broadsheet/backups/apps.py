from django.apps import AppConfig


class BackupsConfig(AppConfig):
    """Backups of the whole site (database and media), taken while it serves, and their restore."""

    name = "broadsheet.backups"
    label = "backups"
    verbose_name = "Backups"
