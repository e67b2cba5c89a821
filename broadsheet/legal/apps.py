from django.apps import AppConfig


class LegalConfig(AppConfig):
    """The newsroom's standing pages (About, Privacy, Terms, Contact) and the messages readers send it."""

    name = "broadsheet.legal"
    label = "legal"
    verbose_name = "About, contact and legal pages"
