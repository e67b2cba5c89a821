from django.apps import AppConfig


class LegalConfig(AppConfig):
    """The newsroom's standing pages (About, Privacy, Terms, Contact) and the messages readers send it."""

    name = "broadsheet.legal"
    label = "legal"
    verbose_name = "About, contact and legal pages"
    urls = "broadsheet.legal.urls"

    def ready(self):
        from broadsheet.newsroom import plugins

        from . import desk, receivers  # noqa: F401  (the footer's links follow publishing)
        from .demo import add_demo_legal_pages
        from .footer import footer_dependencies
        from .models import ContactPage, LegalPage

        plugins.register_front_page_type(LegalPage)
        plugins.register_front_page_type(ContactPage)
        plugins.register_slot_item(
            "footer", "legal/includes/footer.html", order=60, cache_dependencies=footer_dependencies
        )
        plugins.register_demo(add_demo_legal_pages, order=70)
        plugins.register_desk_count(
            "legal.messages", ("message to answer", "messages to answer"), desk.unhandled_count, desk.list_url, order=75
        )
