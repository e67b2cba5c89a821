from django.core.management.base import BaseCommand

from broadsheet.newsroom.models import ArticlePage
from broadsheet.search.index import rebuild_index
from broadsheet.search.models import IndexedArticle


class Command(BaseCommand):
    help = "Rebuild the article search index from every live and public article (after an upgrade or a raw import)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Only when the index is empty and articles are live (a site upgraded from before the index).",
        )

    def handle(self, *args, if_empty=False, **options):
        if if_empty and (IndexedArticle.objects.exists() or not ArticlePage.objects.live().exists()):
            return
        count = rebuild_index(stdout=self.stdout)
        self.stdout.write(f"{count} articles in the search index.")
