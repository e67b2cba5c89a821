from django.core.management.base import BaseCommand

from broadsheet.newsroom.addresses import ensure_default_site


class Command(BaseCommand):
    help = "Point Wagtail's default Site at SITE_URL's host and port (make run does this on every start)."

    def handle(self, *args, **options):
        site = ensure_default_site()
        if site is not None and options["verbosity"] > 1:
            self.stdout.write(f"Default site: {site.hostname}:{site.port}")
