from django.core.management.base import BaseCommand

from broadsheet.pagecache.headers import as_nginx, stored_page_headers


class Command(BaseCommand):
    help = "Print the headers of stored pages as nginx add_header lines (deploy/nginx includes them)."

    def handle(self, *args, **options):
        self.stdout.write(as_nginx(stored_page_headers()), ending="")
