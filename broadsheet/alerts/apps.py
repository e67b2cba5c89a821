from django.apps import AppConfig


class AlertsConfig(AppConfig):
    """Breaking news: a one-line alert an Editor sets, shown on every page as a shared, kept fragment."""

    name = "broadsheet.alerts"
    label = "alerts"
    verbose_name = "Breaking news"
    # The project's URLconf includes the URLs of every app that names them here.
    urls = "broadsheet.alerts.urls"

    def ready(self):
        from broadsheet.newsroom import plugins

        from . import receivers  # noqa: F401  (setting, ending and expiry invalidate the banner)

        # The stylesheet and script on every page; the empty, out-of-flow placeholder in the masthead
        # (the "header" slot is on every page that extends base.html: front, sections, articles,
        # live blogs, search).
        plugins.register_slot_item("head", "alerts/includes/head.html")
        plugins.register_slot_item("header", "alerts/includes/placeholder.html", order=90)
