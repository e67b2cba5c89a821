"""Short-link redirects per second: the reference article's link followed by many readers at once.

The clicks the site stored are checked against the redirects wrk saw, after the flush.
"""

import json
import os
import re
import subprocess
import time

CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "32"))
DURATION = os.environ.get("BENCH_DURATION", "10s")
# wrk sends no User-Agent by default, which the site takes for a robot and does not count.
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36"


def run(site, code):
    return json.loads(site.shell(code).strip().splitlines()[-1])


def make_link(site):
    return run(
        site,
        """
import json
from broadsheet.links.models import ShortLink
from broadsheet.newsroom.demo.articles import REFERENCE_SLUG
link = ShortLink.objects.get(page__slug=REFERENCE_SLUG)
print(json.dumps({"code": link.code, "id": link.pk}))
""",
    )


def stored_clicks(site, link_id):
    return run(
        site,
        f"""
import json
from django.db.models import Sum
from broadsheet.links.models import DailyClicks
print(json.dumps(DailyClicks.objects.filter(link_id={link_id}).aggregate(n=Sum("clicks"))["n"] or 0))
""",
    )


def measure_redirects(site):
    """Return a row of figures for following one short link on `site` (already started)."""
    link = make_link(site)
    before = stored_clicks(site, link["id"])
    out = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}", "--latency", "-H", f"User-Agent: {BROWSER}"]
        + [f"{site.url}/s/{link['code']}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    completed = int(re.search(r"(\d+) requests in", out).group(1))
    seconds = float(re.search(r"requests in ([\d.]+)s", out).group(1))
    failed = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    p50 = re.search(r"^\s+50%\s+([\d.]+)(us|ms|s)", out, re.M)
    p99 = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)", out, re.M)
    # The site writes its counts every COUNT_FLUSH_SECONDS (5 by default).
    deadline = time.monotonic() + 30
    stored = 0
    while time.monotonic() < deadline:
        time.sleep(2)
        stored = stored_clicks(site, link["id"]) - before
        if stored >= completed:
            break
    return {
        "per_s": completed / seconds,
        "completed": completed,
        "failed": int(failed.group(1)) if failed else 0,
        "stored": stored,
        # wrk stops counting at its deadline; requests then in flight may be counted by the site.
        "exact": 0 <= stored - completed <= CONNECTIONS,
        "p50": f"{p50.group(1)}{p50.group(2)}",
        "p99": f"{p99.group(1)}{p99.group(2)}",
    }


def print_redirects(row):
    print()
    print(f"Short links: {CONNECTIONS} connections following one link, {DURATION}")
    print(f"{'redirects/s':>11} {'followed':>9} {'counted':>8} {'errors':>7} {'p50':>9} {'p99':>9}  counts exact")
    print(
        f"{row['per_s']:11.0f} {row['completed']:9d} {row['stored']:8d} {row['failed']:7d} "
        f"{row['p50']:>9} {row['p99']:>9}  {'yes' if row['exact'] else 'NO'}"
    )
