"""The web server's command line: one place that says how granian serves Broadsheet."""

import sys
from pathlib import Path

GRANIAN = Path(sys.executable).parent / "granian"


def web_server_command(*, host, port, workers, threads, static_root=None, media_root=None, log_level=None):
    """Return the argv that serves the site with granian, static and media files included.

    Used by `manage.py serve` (and so `make run`), the throwaway sites of tests and `make bench`,
    so all three run the same server the same way.

    granian runs the edge (broadsheet/edge/server.py) on its RSGI interface: request bodies
    are read on the event loop and only whole requests reach the `threads` Django threads of each
    worker, so slow clients cannot occupy them. The edge also sends static and media files, with
    headers granian's own static mount cannot add. `env` passes the edge its settings and then
    becomes granian (same process), so signals reach the server as before.
    """
    environment = [f"BROADSHEET_WEB_THREADS={threads}"]
    if static_root:
        environment.append(f"STATIC_ROOT={static_root}")
    if media_root:
        environment.append(f"MEDIA_ROOT={media_root}")
    command = [
        "/usr/bin/env",
        *environment,
        str(GRANIAN),
        "--interface",
        "rsgi",
        "--host",
        host,
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--no-ws",
        # uvloop (pinned): measured against asyncio's loop on this 2-core machine, +23 % cached
        # pages and +11 % view beacons, votes unchanged (README, "Benchmarks").
        "--loop",
        "uvloop",
    ]
    if log_level:
        command += ["--log-level", log_level]
    return [*command, "--factory", "broadsheet.edge.server:build"]
