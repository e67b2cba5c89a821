from django.apps import AppConfig


class ListenConfig(AppConfig):
    """Article audio, the live stream and podcast feeds."""

    name = "broadsheet.listen"
    label = "listen"
    verbose_name = "Listen"
    urls = "broadsheet.listen.urls"

    def ready(self):
        from django.core import checks

        from broadsheet.newsroom import plugins

        from . import receivers  # noqa: F401  (audio on publish, bulletins)
        from .demo import add_demo_audio
        from .engines_check import speech_engine_installed

        checks.register(speech_engine_installed)
        plugins.register_slot_item("head", "listen/includes/head.html", order=40)
        plugins.register_slot_item("header", "listen/includes/header.html", order=10)
        plugins.register_slot_item(
            "article_actions", "listen/includes/action.html", order=10, cache_dependencies=shown_audio
        )
        plugins.register_slot_item("footer", "listen/includes/footer.html", order=40)
        plugins.register_demo(add_demo_audio, order=60)


def shown_audio(context):
    """The action bar shows the article's audio: re-rendered when it becomes ready or changes."""
    from broadsheet.newsroom.models import ArticlePage
    from broadsheet.pagecache.dependencies import object_key

    from .models import ArticleAudio

    page = context.get("page")
    return {object_key(ArticleAudio, page.pk)} if isinstance(page, ArticlePage) else set()
