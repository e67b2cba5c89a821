from django.core.management.base import BaseCommand

from broadsheet.search.index import rebuild_index


class Command(BaseCommand):
    help = "Rebuild the article search index from every live and public article (after an upgrade or a raw import)."

    def handle(self, *args, **options):
        count = rebuild_index(stdout=self.stdout)
        self.stdout.write(f"{count} articles in the search index.")
