"""Readers polling a live blog's updates fragment while an editor publishes an entry every second.

The fragment (`<live page>/updates/`) is what every open live page asks for every few seconds: on
a big day, most of the site's traffic. It is measured on `make run`'s server with wrk, while
`manage.py live_drill` (another process, over the same database and cache, through
`services.add_entry`) publishes an entry a second, so every second the page cache's copy goes
stale and is built again. The baseline is nginx serving the same bytes as a static file, in the
same run. The live blog holds a full window of entries first (`LivePage.UPDATES_WINDOW`), so the
fragment is as large as it gets.

Run alone: `python -m bench.live` (builds its own demo site first).
"""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.wrk import millis, run_wrk
from tests.harness.sites import ROOT, RunningSite

CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "64"))
DURATION = os.environ.get("BENCH_DURATION", "10s")
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
THREADS = int(os.environ.get("BENCH_THREADS", "1"))
EDITOR = "bench-live-editor"
FRAGMENT_VERSION = re.compile(rb'<div(?=[^>]*\bclass="live-updates")[^>]*\bdata-version="(\d+)"')

SETUP = f"""
import json
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from broadsheet.live.factories import create_live_page
from broadsheet.live.models import LivePage
from broadsheet.newsroom.models import SectionPage

editor, _ = get_user_model().objects.get_or_create(username={EDITOR!r})
editor.groups.add(Group.objects.get(name="Editor"))
page = create_live_page(SectionPage.objects.live().first(), "Live: the benchmark drill")
print(json.dumps({{"id": page.pk, "url": page.relative_url(page.get_site()), "window": LivePage.UPDATES_WINDOW}}))
"""


def drill(site, page, count, every, **popen):
    return subprocess.Popen(
        [sys.executable, "manage.py", "live_drill", str(page), "--as", EDITOR, "--count", str(count)]
        + ["--every", str(every)],
        cwd=ROOT,
        env=site.env,
        **popen,
    )


def fragment_version(url):
    body = urllib.request.urlopen(url, timeout=10).read()  # the bench's own site
    return body, int(FRAGMENT_VERSION.search(body).group(1))


def measure_live(site):
    """Return rows for `site` (page cache on): nginx, polled with nothing published, polled while publishing."""
    from bench.run import start_nginx  # bench.run imports this module

    page = json.loads(site.shell(SETUP).strip().splitlines()[-1])
    updates = site.url + page["url"] + "updates/"
    # A full window of entries first: the fragment at its largest, as on a busy day.
    drill(site, page["id"], page["window"], 0, stdout=subprocess.DEVNULL).wait(timeout=300)
    for _ in range(3):  # warm: each worker learns the fragment
        html, before = fragment_version(updates)
    scratch = Path(tempfile.mkdtemp(prefix="broadsheet-bench-live-"))
    nginx_url, nginx = start_nginx(scratch, html)
    try:
        baseline = run_wrk(nginx_url, connections=CONNECTIONS, duration=DURATION) if nginx_url else None
    finally:
        if nginx:
            os.killpg(nginx.pid, signal.SIGTERM)
            nginx.wait(timeout=10)
        shutil.rmtree(scratch, ignore_errors=True)

    # The same polling with nothing published: what publishing costs is the difference.
    steady = run_wrk(updates, connections=CONNECTIONS, duration=DURATION)
    seconds = duration_seconds(DURATION)
    # An entry a second from before wrk starts until after it ends.
    publisher = drill(site, page["id"], seconds + 4, 1, stdout=subprocess.PIPE, text=True)
    try:
        first = json.loads(publisher.stdout.readline())  # the drill's Django is up: start loading
        polled = run_wrk(updates, connections=CONNECTIONS, duration=DURATION)
        published = [first, *(json.loads(line) for line in publisher.stdout)]
    finally:
        publisher.kill()
        publisher.wait()
    # Every reader gets the latest entry within a poll or so: the fragment shows it now.
    deadline = time.monotonic() + 5
    while (after := fragment_version(updates)[1]) < published[-1]["version"] and time.monotonic() < deadline:
        time.sleep(0.2)
    during = [e for e in published if e["committed"] <= first["committed"] + seconds]
    return (
        figures(baseline, "per_s"),
        figures(steady, "per_s"),
        {
            **figures(polled, "per_s"),
            "published": len(during),
            "bytes": len(html),
            "exact": after == published[-1]["version"] and after - before == len(published),
        },
    )


def duration_seconds(text):
    """Return wrk's duration ("10s", "2m", "1h", or bare seconds) in seconds."""
    found = re.fullmatch(r"(\d+)([smh]?)", text)
    if found is None:
        sys.exit(f"BENCH_DURATION must be a number of seconds, minutes or hours (10s, 2m), not {text!r}.")
    return int(found.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600}[found.group(2)]


def figures(result, rate):
    if result is None:
        return None
    return {
        rate: (result["completed"] - result["failed"]) / result["seconds"],
        "failed": result["failed"],
        "p50": result["p50"],
        "p99": result["p99"],
    }


def main():
    if not shutil.which("wrk"):
        sys.exit("wrk is needed (apt-get install wrk).")
    site = RunningSite(workers=WORKERS, threads=THREADS)
    site.folder.chmod(0o755)
    try:
        print("Building the demo newsroom…", flush=True)
        site.prepare().start()
        baseline, steady, polled = measure_live(site)
    finally:
        site.stop()
    print(f"wrk: {CONNECTIONS} connections, {DURATION}, granian {WORKERS} workers x {THREADS} thread")
    print(f"fragment: {polled['bytes']:,} bytes; {polled['published']} entries published while polled")
    rows = (("nginx static file", baseline), ("polled, nothing published", steady), ("polled while publishing", polled))
    for label, row in rows:
        if row is None:
            print(f"  {label}: skipped (nginx is not installed)")
            continue
        ratio = f"{row['per_s'] / baseline['per_s']:.3f}" if baseline else "-"
        print(
            f"  {label:26} {row['per_s']:9.0f} req/s  p50 {millis(row['p50']):6.2f} ms  "
            f"p99 {millis(row['p99']):6.2f} ms  errors {row['failed']}  vs nginx {ratio}"
        )
    print(f"  latest entry shown after the run: {'yes' if polled['exact'] else 'NO'}")
    print(json.dumps({"baseline": baseline, "steady": steady, "polled": polled}))


if __name__ == "__main__":
    main()
