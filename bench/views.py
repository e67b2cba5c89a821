"""View beacons per second: wrk posting the article's beacon, each request from a reader not counted yet.

Two mixes. "Networks": each beacon comes from a new network (through a trusted proxy, as behind
nginx) with one of a few dozen common browsers, as real readers do. "Browsers": every beacon with a
browser string never seen before, the worst case (each new string is matched against the crawler
list once), also from a new network: one network counts at most READERS_COUNTED_PER_NETWORK readers
per article, so new strings from one address would measure that cap, not counting.
"""

import os
import tempfile
import time
from pathlib import Path

from bench.wrk import run_wrk

CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "32"))
DURATION = os.environ.get("BENCH_DURATION", "10s")

# Each wrk thread numbers its requests; thread and number make the reader (a network, or a browser
# string), so every beacon is a reader the server has not counted yet (a repeat would be cheaper).
LUA = """
local threads = {{}}
function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end
local n = 0
local browsers = {{}}
for major = 120, 139 do
  table.insert(browsers, "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/"
    .. major .. ".0.0.0 Safari/537.36")
  table.insert(browsers, "Mozilla/5.0 (iPhone; CPU iPhone OS 17_" .. (major - 120) .. " like Mac OS X) "
    .. "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1")
end
request = function()
  n = n + 1
  local headers = {{["Content-Type"] = "application/x-www-form-urlencoded"}}
  if "{mix}" == "networks" then
    headers["User-Agent"] = browsers[(n % #browsers) + 1]
    headers["X-Forwarded-For"] = "10." .. id .. "." .. math.floor(n / 250) % 250 .. "." .. n % 250
  else
    headers["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131."
      .. id .. "." .. n .. " Safari/537.36"
    headers["X-Forwarded-For"] = "11." .. id .. "." .. math.floor(n / 250) % 250 .. "." .. n % 250
  end
  return wrk.format("POST", "/f/views/", headers, "article={article}")
end
"""


def stored_views(site, article):
    code = (
        "from broadsheet.metrics.models import ViewTotal; "
        f"print(ViewTotal.objects.filter(article_id={article}).values_list('views', flat=True).first() or 0)"
    )
    return int(site.shell(code).strip().splitlines()[-1])


def measure_beacons(site, reference_slug, mix="networks"):
    """Return a row of figures for view beacons on `site` (already started), counts checked after a flush.

    The site must trust 127.0.0.1 as its proxy (TRUSTED_PROXIES): every beacon names its network.
    """
    code = (
        "from broadsheet.newsroom.models import ArticlePage; "
        f"print(ArticlePage.objects.get(slug={reference_slug!r}).pk)"
    )
    article = int(site.shell(code).strip().splitlines()[-1])
    before = stored_views(site, article)
    script = Path(tempfile.mkstemp(suffix=".lua")[1])
    script.write_text(LUA.format(article=article, mix=mix))
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
