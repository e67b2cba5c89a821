from django.apps import AppConfig


class MetricsConfig(AppConfig):
    """Readership: cookie-free view counts, the action bar's counters, most read, and reports for editors."""

    name = "broadsheet.metrics"
    label = "metrics"
    verbose_name = "Readership"
    urls = "broadsheet.metrics.urls"

    def ready(self):
        from broadsheet.counting.buffer import after_each_flush
        from broadsheet.newsroom import plugins
        from broadsheet.pagecache.dependencies import page_key

        from . import counters, services
        from .demo import add_demo_readership

        counters.register_counter(50, services.views_counter)
        plugins.register_slot_item("head", "metrics/includes/head.html")
        plugins.register_slot_item("article_actions", "metrics/includes/counters.html", order=80)

        def most_read_dependencies(context):
            # The list itself, and each headline in it (a new headline re-renders the page).
            place = most_read_place(context)
            if place is None:
                return set()
            listed = services.most_read(place, context.get("request"))
            return {services.MOST_READ} | {page_key(pk) for pk, _, _ in listed}

        for slot in ("front_aside", "section_aside"):
            plugins.register_slot_item(
                slot, "metrics/includes/most_read.html", cache_dependencies=most_read_dependencies
            )
        after_each_flush(services.refresh_most_read_when_due)
        plugins.register_demo(add_demo_readership, order=40)


def most_read_place(context):
    """Return where a page's most-read list comes from: "front", a section's id, or None."""
    from broadsheet.newsroom.models import HomePage, SectionPage

    page = context.get("page")
    if isinstance(page, HomePage):
        return "front"
    if isinstance(page, SectionPage):
        return page.pk
    return None
