"""Search latency: p50 and p99 of the search page over a realistic mix of queries, at newsroom scale.

`make bench` builds a newsroom of BENCH_SEARCH_SIZE generated articles (100,000 by default) plus the
demo's, unless the bench's own newsroom already has that size, and measures it on SQLite. The demo
build indexes every article as it writes it (the search app listens to the newsroom's bulk-import
signal), so nothing is indexed here. Requests are sequential from one client, so the figures are
the latency a reader sees, not a throughput.

Against a site you started yourself: `python -m bench.search http://127.0.0.1:8000`.
"""

import os
import statistics
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

from tests.harness.sites import RunningSite

REQUESTS = int(os.environ.get("BENCH_SEARCH_REQUESTS", "400"))
SEARCH_SIZE = int(os.environ.get("BENCH_SEARCH_SIZE", "100000"))
# Words every generated article has ("briefing", "generated paragraph": 100,000 matches), rare
# words, stemmed forms, a phrase, each filter, newest first, a deep page, words only filters,
# a miss, operator junk and an over-long query (a 400).
QUERIES = [
    {"q": "briefing"},
    {"q": "briefings"},
    {"q": "generated paragraph"},
    {"q": "alliance"},
    {"q": "alliances"},
    {"q": "military alliance"},
    {"q": '"military alliance"'},
    {"q": "central bank"},
    {"q": "briefing", "sort": "newest"},
    {"q": "ministers meet", "section": "russia"},
    {"q": "briefing", "tag": "china"},
    {"q": "briefing", "author": "li-wei"},
    {"q": "port traffic", "published_from": "2019-06-01", "published_to": "2019-06-30"},
    {"q": "briefing", "page": "50"},
    {"q": "talks", "sort": "newest", "page": "50"},
    {"section": "economy"},
    {"q": "nothingmatcheswordlikethis"},
    {"q": '"NEAR(alliance* ^OR (%_ \\ AND NOT'},
    {"q": "alliance " * 30},
]


def measure_search(url):
    """Return {"p50", "p99", "requests", "errors", "statuses"} for the search page of the site at `url`."""
    timings, errors, statuses = [], 0, {}
    for n in range(REQUESTS):
        address = f"{url}/search/?{urllib.parse.urlencode(QUERIES[n % len(QUERIES)])}"
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(address, timeout=30) as response:  # nosec B310: a local site
                response.read()
                status = response.status
        except urllib.error.HTTPError as error:
            error.read()
            status = error.code
        except OSError:
            errors += 1
            continue
        timings.append((time.perf_counter() - started) * 1000)
        statuses[status] = statuses.get(status, 0) + 1
        errors += status >= 500
    timings.sort()
    return {
        "p50": statistics.median(timings) if timings else None,
        "p99": timings[min(len(timings) - 1, int(len(timings) * 0.99))] if timings else None,
        "requests": len(timings),
        "errors": errors,
        "statuses": statuses,
    }


def print_search(row, size, database="SQLite"):
    print()
    newsroom = f"the demo newsroom + {size:,} generated articles" if size else "the demo newsroom"
    print(f"Search: {row['requests']} sequential searches over {len(QUERIES)} queries, {newsroom} ({database})")
    if not row["requests"]:
        print(f"no search answered ({row['errors']} errors)")
        return
    print(f"{'p50 ms':>8} {'p99 ms':>8} {'errors':>7}  statuses")
    statuses = ", ".join(f"{code}: {count}" for code, count in sorted(row["statuses"].items()))
    print(f"{row['p50']:8.2f} {row['p99']:8.2f} {row['errors']:7d}  {statuses}")


def bench_search(sqlite_site, size):
    """Measure search at SEARCH_SIZE on SQLite with the per-network allowance off; return (row, size)."""
    if size == SEARCH_SIZE:
        site = sqlite_site.twin(SEARCHES_PER_MINUTE="0")
    else:
        print(f"Building a newsroom of {SEARCH_SIZE:,} generated articles for search…", flush=True)
        site = RunningSite(workers=2, threads=1, extra_env={"SEARCHES_PER_MINUTE": "0"}).prepare(size=SEARCH_SIZE)
    try:
        site.start()
        urllib.request.urlopen(f"{site.url}/search/?q=warm").read()  # nosec B310: first connection, imports
        return measure_search(site.url), SEARCH_SIZE
    finally:
        site.stop()


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python -m bench.search http://host:port  (a running site with SEARCHES_PER_MINUTE=0)")
    url = sys.argv[1].rstrip("/")
    for _ in range(60):  # the site may still be starting
        try:
            urllib.request.urlopen(f"{url}/search/?q=warm", timeout=60).read()  # nosec B310: a local site
            break
        except OSError:
            time.sleep(1)
    print_search(measure_search(url), None, database="the running site")
