"""Publish numbered entries to a live blog at a steady pace: a drill for load tests and rehearsals.

Each entry goes through `services.add_entry` as the named editor's would (same permissions, same
sequence number, same invalidation), so what readers' polls see is what they would see on the day.
One JSON line per entry, printed once it is committed: its version and the commit time (Unix
seconds), so a load test can measure how long each took to reach its readers.
"""

import json
import time

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from broadsheet.live import services
from broadsheet.live.models import LivePage


class Command(BaseCommand):
    help = "Publish COUNT numbered drill entries to a live blog, one every EVERY seconds, as USERNAME."

    def add_arguments(self, parser):
        parser.add_argument("page", type=int, help="The live blog's page id.")
        parser.add_argument("--as", dest="username", required=True, help="An editor of the live blog.")
        parser.add_argument("--count", type=int, default=10, help="How many entries (default 10).")
        parser.add_argument("--every", type=float, default=1.0, help="Seconds between entries (default 1).")

    def handle(self, *args, page, username, count, every, **options):
        if count < 1 or every < 0:
            raise CommandError("--count must be at least 1 and --every not negative.")
        try:
            live = LivePage.objects.get(pk=page)
        except LivePage.DoesNotExist:
            raise CommandError(f"No live blog has the id {page}.") from None
        try:
            user = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user is called {username!r}.") from None
        if not services.may_publish(user, live):
            raise CommandError(f"{username} may not publish in this live blog: entries would wait for an editor.")
        # Paced from the start, not from each entry's end: a slow commit does not stretch the drill.
        start = time.monotonic()
        for number in range(1, count + 1):
            time.sleep(max(0.0, start + (number - 1) * every - time.monotonic()))
            # Bare, as a script or a chat bot would call it: the service makes it one invalidation.
            try:
                entry = services.add_entry(live, user, body=services.paragraphs_of(f"Drill entry {number} of {count}."))
            except PermissionDenied as error:
                raise CommandError(str(error)) from None
            self.stdout.write(json.dumps({"number": number, "version": entry.version, "committed": time.time()}))
            self.stdout.flush()
