"""Short-link redirects per second: the reference article's link followed by many readers at once.

Each click comes from a reader the site has not counted yet: a new network, named by a trusted
proxy's X-Forwarded-For as behind nginx (a reader counts once per link per half hour, and one
network adds at most READERS_COUNTED_PER_NETWORK). The clicks the site stored are checked against
the redirects wrk saw, after the flush.
"""

import json
import os
import tempfile
import time
from pathlib import Path

from bench.wrk import run_wrk

CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "32"))
DURATION = os.environ.get("BENCH_DURATION", "10s")
# wrk sends no User-Agent by default, which the site takes for a robot and does not count.
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36"
# Each wrk thread numbers its requests; thread and number make the reader's network.
# wrk.format sends only the headers it is given, so the browser is named here too.
LUA = """
local threads = {}
function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end
local n = 0
request = function()
  n = n + 1
  local headers = {
    ["User-Agent"] = "BROWSER",
    ["X-Forwarded-For"] = "12." .. id .. "." .. math.floor(n / 250) % 250 .. "." .. n % 250,
  }
  return wrk.format("GET", nil, headers)
end
"""


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
    """Return a row of figures for following one short link on `site` (already started, trusting 127.0.0.1)."""
    link = make_link(site)
    before = stored_clicks(site, link["id"])
    script = Path(tempfile.mkstemp(suffix=".lua")[1])
    script.write_text(LUA.replace("BROWSER", BROWSER))
    result = run_wrk(
        f"{site.url}/s/{link['code']}",
        connections=CONNECTIONS,
        duration=DURATION,
        script=script,
    )
    script.unlink()
    completed = result["completed"]
    # The site writes its counts every COUNT_FLUSH_SECONDS (5 by default).
    deadline = time.monotonic() + 30
    stored = 0
    while time.monotonic() < deadline:
        time.sleep(2)
        stored = stored_clicks(site, link["id"]) - before
        if stored >= completed:
            break
    return {
        "per_s": completed / result["seconds"],
        "completed": completed,
        "failed": result["failed"],
        "stored": stored,
        # wrk stops counting at its deadline; requests then in flight may be counted by the site.
        "exact": 0 <= stored - completed <= CONNECTIONS,
        "p50": result["p50"],
        "p99": result["p99"],
    }


def print_redirects(row):
    print()
    print(f"Short links: {CONNECTIONS} connections following one link, {DURATION}")
    print(f"{'redirects/s':>11} {'followed':>9} {'counted':>8} {'errors':>7} {'p50':>9} {'p99':>9}  counts exact")
    print(
        f"{row['per_s']:11.0f} {row['completed']:9d} {row['stored']:8d} {row['failed']:7d} "
        f"{row['p50']:>9} {row['p99']:>9}  {'yes' if row['exact'] else 'NO'}"
    )
