"""Signals about the life of a server process, for apps that hold work in memory."""

from django.dispatch import Signal

# Sent once when a web worker stops gracefully (granian calls the edge's __rsgi_del__). Apps that
# buffer writes in memory (view and click counts) write them out here; a crash sends nothing.
worker_stopping = Signal()

# Sent by the scheduler (`manage.py run_scheduler`) after each pass, every few seconds, in the one
# process per deployment that runs it: apps with periodic work (hourly bulletins) start it here.
scheduler_pass = Signal()
