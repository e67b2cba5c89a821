from django.apps import AppConfig


class LiveConfig(AppConfig):
    """Live coverage: live blogs (a kind of article made of timed entries) and their readers' updates."""

    name = "broadsheet.live"
    label = "live"
    verbose_name = "Live coverage"

    def ready(self):
        from broadsheet.newsroom import plugins

        from .models import LivePage

        plugins.register_article_type(LivePage)
