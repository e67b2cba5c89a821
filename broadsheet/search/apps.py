from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Full-text search of the visible articles, linked from every page's header."""

    name = "broadsheet.search"
    label = "search"
    verbose_name = "Search"
    urls = "broadsheet.search.urls"

    def ready(self):
        from broadsheet.newsroom import plugins

        from . import receivers  # noqa: F401  (connects the index to publishing)

        plugins.register_slot_item("head", "search/head.html")
        plugins.register_slot_item("header", "search/header_item.html", order=10)
