from django.apps import AppConfig


class PollsConfig(AppConfig):
    name = "broadsheet.polls"
    label = "polls"
    verbose_name = "Polls"
    # The project's URLconf includes the URLs of every app that names them here.
    urls = "broadsheet.polls.urls"

    def ready(self):
        from broadsheet.newsroom import plugins

        from . import receivers  # noqa: F401  (keeps cached articles in step with poll edits)
        from .blocks import PollBlock
        from .demo import add_demo_poll

        plugins.register_body_block("poll", PollBlock())
        plugins.register_slot_item("head", "polls/includes/head.html")
        plugins.register_demo(add_demo_poll, order=20)
