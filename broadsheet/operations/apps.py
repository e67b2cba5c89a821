from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Running the site's processes: the web server, the task worker and the scheduler.

    With what they share: their logs, the setup `make run` does (the administrator, the site, the
    demo) and the welcome it prints. Probes are `broadsheet/probes.py`, the edge `broadsheet/edge/`,
    backups `broadsheet/backups/`.
    """

    name = "broadsheet.operations"
    label = "operations"
    verbose_name = "Operations"

    def ready(self):
        from django.core import checks

        from broadsheet.views import check_security_contact

        checks.register(check_security_contact, checks.Tags.security, deploy=True)
