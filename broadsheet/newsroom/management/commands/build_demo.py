import time

from django.core.management.base import BaseCommand

from ...demo.build import build_demo_newsroom, build_synthetic_articles, newsroom_is_empty


class Command(BaseCommand):
    help = "Build the demo newsroom (sections, authors, tags, 41 articles); --size adds generated articles."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="Do nothing if articles already exist.")
        parser.add_argument("--size", type=int, default=0, help="Also add this many generated articles.")

    def handle(self, *args, if_empty=False, size=0, **options):
        if if_empty and not newsroom_is_empty():
            self.stdout.write("The newsroom already has articles; demo not built.")
            return
        started = time.monotonic()
        if newsroom_is_empty():
            reference = build_demo_newsroom()
            self.stdout.write(f"Demo newsroom built; reference article: {reference.url}")
        if size:
            build_synthetic_articles(size, stdout=self.stdout)
        self.stdout.write(f"Done in {time.monotonic() - started:.1f}s.")
