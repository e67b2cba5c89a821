from django.apps import AppConfig


class FragmentsConfig(AppConfig):
    name = "broadsheet.fragments"
    label = "fragments"
    verbose_name = "Page fragments"
