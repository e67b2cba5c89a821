"""What counting keeps in the database: who was counted lately, as marks that name no one."""

from django.db import models


class SeenReader(models.Model):
    """A reader (or one of a network's places) counted for an article or a link in the last half hour (sightings.py)."""

    # A hash of the thing and the daily-salted hash of network and browser (or of the network's
    # salted hash and a place number): no address, no cookie.
    mark = models.CharField(max_length=32, primary_key=True)
    # Unix seconds: the window's arithmetic is the same SQL on SQLite and PostgreSQL.
    seen_at = models.BigIntegerField(db_index=True)

    def __str__(self):
        return f"a reader counted at {self.seen_at}"
