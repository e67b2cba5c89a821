"""View beacons per second: wrk posting the article's beacon, each request from a new reader's browser."""

import os
import tempfile
import time
from pathlib import Path

from bench.wrk import run_wrk

CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "32"))
DURATION = os.environ.get("BENCH_DURATION", "10s")

# Each wrk thread numbers its requests; thread and number make the user agent, so every beacon is
# a reader the server has not counted yet (a repeat would be ignored, and be cheaper).
LUA = """
local threads = {{}}
function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end
local n = 0
request = function()
  n = n + 1
  local agent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131."
    .. id .. "." .. n .. " Safari/537.36"
  local headers = {{["Content-Type"] = "application/x-www-form-urlencoded", ["User-Agent"] = agent}}
  return wrk.format("POST", "/f/views/", headers, "article={article}")
end
"""


def stored_views(site, article):
    code = (
        "from broadsheet.metrics.models import ViewTotal; "
        f"print(ViewTotal.objects.filter(article_id={article}).values_list('views', flat=True).first() or 0)"
    )
    return int(site.shell(code).strip().splitlines()[-1])


def measure_beacons(site, reference_slug):
    """Return a row of figures for view beacons on `site` (already started), counts checked after a flush."""
    code = (
        "from broadsheet.newsroom.models import ArticlePage; "
        f"print(ArticlePage.objects.get(slug={reference_slug!r}).pk)"
    )
    article = int(site.shell(code).strip().splitlines()[-1])
    before = stored_views(site, article)
    script = Path(tempfile.mkstemp(suffix=".lua")[1])
    script.write_text(LUA.format(article=article))
    result = run_wrk(f"{site.url}/f/views/", connections=CONNECTIONS, duration=DURATION, script=script)
    script.unlink()
    accepted = result["completed"] - result["failed"]
    time.sleep(float(site.env.get("COUNT_FLUSH_SECONDS", "5")) + 2)  # one flush of every worker
    counted = stored_views(site, article) - before
    return {
        "per_s": accepted / result["seconds"],
        "accepted": accepted,
        "failed": result["failed"],
        "stored": counted,
        # wrk stops counting at the deadline; beacons still in flight may be counted but not reported.
        "exact": 0 <= counted - accepted <= CONNECTIONS,
        "p50": result["p50"],
        "p99": result["p99"],
    }
