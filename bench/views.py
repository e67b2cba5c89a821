"""View beacons per second: wrk posting the article's beacon, each request from a new reader's browser."""

import os
import re
import subprocess
import tempfile
import time
from pathlib import Path

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
    out = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}", "--latency", "-s", str(script), f"{site.url}/f/views/"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    script.unlink()
    completed = int(re.search(r"(\d+) requests in", out).group(1))
    seconds = float(re.search(r"requests in ([\d.]+)s", out).group(1))
    failed = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    failed = int(failed.group(1)) if failed else 0
    p50 = re.search(r"^\s+50%\s+([\d.]+)(us|ms|s)", out, re.M)
    p99 = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)", out, re.M)
    accepted = completed - failed
    time.sleep(float(site.env.get("COUNT_FLUSH_SECONDS", "5")) + 2)  # one flush of every worker
    counted = stored_views(site, article) - before
    return {
        "per_s": accepted / seconds,
        "accepted": accepted,
        "failed": failed,
        "stored": counted,
        # wrk stops counting at the deadline; beacons still in flight may be counted but not reported.
        "exact": 0 <= counted - accepted <= CONNECTIONS,
        "p50": f"{p50.group(1)}{p50.group(2)}",
        "p99": f"{p99.group(1)}{p99.group(2)}",
    }
