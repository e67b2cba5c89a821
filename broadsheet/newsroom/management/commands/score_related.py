from django.core.management.base import BaseCommand

from broadsheet.newsroom.models import ArticlePage
from broadsheet.newsroom.related import store_related


class Command(BaseCommand):
    help = (
        "Score the automatic related articles of every visible article (after an upgrade or an import; "
        "publishing scores an article by itself)."
    )

    def handle(self, *args, **options):
        done = 0
        for article in ArticlePage.objects.visible().iterator(chunk_size=200):
            store_related(article)
            done += 1
        self.stdout.write(f"Scored the related articles of {done} articles.")
