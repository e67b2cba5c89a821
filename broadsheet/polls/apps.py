from django.apps import AppConfig


class PollsConfig(AppConfig):
    name = "broadsheet.polls"
    label = "polls"
    verbose_name = "Polls"

    def ready(self):
        from . import receivers  # noqa: F401  (keeps cached articles in step with poll edits)
