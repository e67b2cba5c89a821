from django.core.management.base import BaseCommand

from broadsheet.newsroom.demo.build import newsroom_is_empty

from ...demo import build_demo_site


class Command(BaseCommand):
    help = (
        "Build the demo site (the newsroom's sections, authors, tags and 41 articles, plus what each feature "
        "app adds); --size adds generated articles."
    )

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="Do nothing if articles already exist.")
        parser.add_argument("--size", type=int, default=0, help="Also add this many generated articles.")

    def handle(self, *args, if_empty=False, size=0, **options):
        if if_empty and not newsroom_is_empty():
            self.stdout.write("The newsroom already has articles; demo not built.")
            return
        reference = build_demo_site(size=size, stdout=self.stdout)
        if reference is not None:
            self.stdout.write(f"Demo site built; reference article: {reference.url}")
