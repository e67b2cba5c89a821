from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    name = "broadsheet.newsroom"
    label = "newsroom"
    verbose_name = "Newsroom"

    def ready(self):
        from . import plugins, receivers  # noqa: F401  (receivers connect the publish/unpublish listeners)
        from .demo.build import add_demo_newsroom

        plugins.register_demo(add_demo_newsroom, order=0)
