from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Running the site as a whole: the server and its helpers, the administrator, the demo, backups."""

    name = "broadsheet.operations"
    label = "operations"
    verbose_name = "Operations"
