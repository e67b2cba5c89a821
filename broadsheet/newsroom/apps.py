from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    name = "broadsheet.newsroom"
    label = "newsroom"
    verbose_name = "Newsroom"

    def ready(self):
        from . import receivers  # noqa: F401  (connects the publish/unpublish listeners)
