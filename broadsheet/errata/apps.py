from django.apps import AppConfig


class ErrataConfig(AppConfig):
    """Readers tell the newsroom what an article got wrong; Editors see what they are asked to correct."""

    name = "broadsheet.errata"
    label = "errata"
    verbose_name = "Corrections asked for"
    urls = "broadsheet.errata.urls"

    def ready(self):
        from broadsheet.newsroom import plugins

        from . import desk

        plugins.register_slot_item("article_end", "errata/includes/link.html", order=40)
        plugins.register_desk_count(
            "errata.open", ("correction asked for", "corrections asked for"), desk.open_count, desk.list_url, order=70
        )
