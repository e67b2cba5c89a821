from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Running the site as a whole: the server and its helpers, probes, logs, the administrator, the demo."""

    name = "broadsheet.operations"
    label = "operations"
    verbose_name = "Operations"
