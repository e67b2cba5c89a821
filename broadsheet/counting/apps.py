from django.apps import AppConfig


class CountingConfig(AppConfig):
    """Shared counting: buffered counts written in batches, and a reader counted once per thing (views, clicks)."""

    name = "broadsheet.counting"
    label = "counting"
    verbose_name = "Counting"

    def ready(self):
        from broadsheet.operations.signals import worker_stopping

        from .buffer import after_each_flush
        from .sightings import forget_when_due

        # Here, not in each app that counts: every buffer is written at a stop, and the marks of
        # every kind of sighting are let go, whichever apps count.
        after_each_flush(forget_when_due)
        worker_stopping.connect(flush_at_stop, dispatch_uid="counting-flush-at-stop")


def flush_at_stop(sender, **kwargs):
    """Write buffered counts when a web worker stops gracefully."""
    from .buffer import flush_all

    flush_all()
