"""Search latency: p50 and p99 of the search page over a mix of queries, on the bench's newsroom.

The index is built in one batch first (`update_index`): the bench's site runs no task worker, so
the index tasks queued while the demo was built are dropped instead. Requests are sequential from
one client, so the figures are the latency a reader sees, not a throughput.
"""

import os
import statistics
import time
import urllib.parse
import urllib.request

REQUESTS = int(os.environ.get("BENCH_SEARCH_REQUESTS", "400"))
# Common and rare words, several words, stemmed forms, filters, newest-first, a miss and junk.
QUERIES = [
    {"q": "alliance"},
    {"q": "alliances"},
    {"q": "military alliance"},
    {"q": "gas pipeline china"},
    {"q": "briefing"},
    {"q": "trade", "sort": "newest"},
    {"q": "arctic shipping", "section": "russia"},
    {"q": "central bank"},
    {"q": "nothingmatcheswordlikethis"},
    {"q": '"NEAR(alliance* ^OR (%_'},
]


def index_everything(site):
    """Build the search index in one batch and drop the per-article index tasks the build queued."""
    started = time.monotonic()
    site.manage("update_index", timeout=7200)
    site.shell(
        "from django_tasks_db.models import DBTaskResult\n"
        "DBTaskResult.objects.filter(task_path__startswith='modelsearch.').delete()"
    )
    return time.monotonic() - started


def measure_search(site):
    """Return {"p50", "p99", "requests", "errors", "indexed_in"} for the search page of `site` (started)."""
    indexed_in = index_everything(site)
    timings, errors = [], 0
    for n in range(REQUESTS):
        url = f"{site.url}/search/?{urllib.parse.urlencode(QUERIES[n % len(QUERIES)])}"
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(url, timeout=30) as response:  # nosec B310: our own local site
                response.read()
        except OSError:
            errors += 1
            continue
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return {
        "p50": statistics.median(timings) if timings else None,
        "p99": timings[min(len(timings) - 1, int(len(timings) * 0.99))] if timings else None,
        "requests": len(timings),
        "errors": errors,
        "indexed_in": indexed_in,
    }


def print_search(row, size):
    print()
    newsroom = f"the demo newsroom + {size:,} generated articles" if size else "the demo newsroom"
    print(f"Search: {row['requests']} sequential searches over {len(QUERIES)} queries, {newsroom} (SQLite)")
    print(f"{'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'index built in':>15}")
    print(f"{row['p50']:8.2f} {row['p99']:8.2f} {row['errors']:7d} {row['indexed_in']:14.0f}s")


def bench_search(sqlite_site):
    """Measure search on a twin of the bench's site with the per-network allowance off."""
    site = sqlite_site.twin(SEARCHES_PER_MINUTE="0")
    try:
        site.start()
        return measure_search(site)
    finally:
        site.stop()
