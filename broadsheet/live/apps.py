from django.apps import AppConfig


class LiveConfig(AppConfig):
    """Live coverage: live blogs (a kind of article made of timed entries) and their readers' updates."""

    name = "broadsheet.live"
    label = "live"
    verbose_name = "Live coverage"

    def ready(self):
        from broadsheet.newsroom import plugins

        from . import desk, receivers  # noqa: F401  (receivers: connects them)
        from .models import LivePage

        plugins.register_article_type(LivePage)
        plugins.register_desk_count(
            "live.waiting",
            ("live entry to publish", "live entries to publish"),
            desk.waiting_count,
            desk.live_blogs_url,
            order=55,
        )

        # Discovery (JSON-LD, feeds, sitemaps) and the demo live blog.
        from . import demo, discovery

        discovery.register()
        plugins.register_demo(demo.add_demo_live_blog, order=25)
