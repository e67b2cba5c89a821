from django.core.management.base import BaseCommand

from broadsheet.newsroom.models import ArticlePage
from broadsheet.search.index import rebuild_index
from broadsheet.search.models import IndexedArticle, Word
from broadsheet.search.names import remember_every_name


class Command(BaseCommand):
    help = (
        "Rebuild the article search index, its vocabulary and the names it offers from every live and public"
        " article (after an upgrade or a raw import)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Only when the index is empty or has no vocabulary yet and articles are live (a site upgraded"
            " from before the index or before its vocabulary).",
        )

    def handle(self, *args, if_empty=False, **options):
        # An index built before the vocabulary (migration 0003) has entries and no words.
        if if_empty and (
            (IndexedArticle.objects.exists() and Word.objects.exists()) or not ArticlePage.objects.live().exists()
        ):
            return
        count = rebuild_index(stdout=self.stdout)
        remember_every_name()
        self.stdout.write(f"{count} articles in the search index.")
