"""`make bench`: measure the reader pages against nginx serving the same bytes, in one run.

Builds a demo newsroom in a temporary folder (BENCH_SIZE adds generated articles), starts the site
twice over the same data (page cache on, page cache off) and nginx with the article saved as a
static file, then loads each with wrk and prints requests/s, p50, p99 and the ratio to nginx.
"""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.request
from pathlib import Path

from bench.links import measure_redirects, print_redirects
from bench.live import measure_live
from bench.search import bench_search, print_search
from bench.views import measure_beacons
from bench.votes import measure_votes
from bench.wrk import millis
from broadsheet.newsroom.demo.articles import REFERENCE_SLUG
from tests.harness.nginx import RunningNginx, nginx_binary
from tests.harness.sites import RunningSite, free_port

ROOT = Path(__file__).resolve().parent.parent

DURATION = os.environ.get("BENCH_DURATION", "10s")
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "64"))
# Connections the cached article is loaded with in turn, to see it stays up as a spike builds.
RAMP = [10, 100, 250, 500]
RESULTS = ROOT / "var" / "bench" / "latest.json"
BEACON_MIXES = [("networks", "new networks"), ("browsers", "new browser strings")]
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
# One thread per worker: Django is CPU-bound here, and more threads only contend for the GIL.
THREADS = int(os.environ.get("BENCH_THREADS", "1"))
SIZE = int(os.environ.get("BENCH_SIZE", "0"))
ARTICLE = f"/china/{REFERENCE_SLUG}/"


def wrk(url, connections=None):
    """Return (requests/s, p50 ms, p99 ms, non-2xx count) for `url` under load."""
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections or CONNECTIONS}", f"-d{DURATION}", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    def millis(label):
        match = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    return rate, millis("50%"), millis("99%"), int(errors.group(1)) if errors else 0


def start_nginx(folder, html):
    """Serve the article's HTML as a static file with nginx; return (url, process) or (None, None)."""
    nginx = nginx_binary()
    if not nginx:
        return None, None
    root = folder / "www"
    (root / "article").mkdir(parents=True)
    folder.chmod(0o755)  # nginx workers run as an unprivileged user
    (root / "article" / "index.html").write_bytes(html)
    port = free_port()
    conf = folder / "nginx.conf"
    conf.write_text(
        textwrap.dedent(f"""
        worker_processes {WORKERS};
        daemon off;
        pid {folder}/nginx.pid;
        error_log {folder}/nginx-error.log;
        events {{ worker_connections 1024; }}
        http {{
            access_log off;
            client_body_temp_path {folder}/body; proxy_temp_path {folder}/proxy;
            fastcgi_temp_path {folder}/fastcgi; uwsgi_temp_path {folder}/uwsgi; scgi_temp_path {folder}/scgi;
            types {{ text/html html; }}
            server {{ listen 127.0.0.1:{port}; root {root}; }}
        }}
    """)
    )
    process = subprocess.Popen([nginx, "-c", str(conf), "-p", str(folder)], start_new_session=True)
    for _ in range(50):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/article/", timeout=1)
            return f"http://127.0.0.1:{port}/article/", process
        except OSError:
            time.sleep(0.1)
    process.kill()
    return None, None


def main():
    if not shutil.which("wrk"):
        sys.exit("wrk is needed for `make bench` (apt-get install wrk).")
    started = time.monotonic()
    cached = RunningSite(workers=WORKERS, threads=THREADS)
    cached.folder.chmod(0o755)  # nginx's workers (an unprivileged user) read the profile's page files
    print(f"Building the demo newsroom{f' with {SIZE} generated articles' if SIZE else ''}…", flush=True)
    cached.prepare(size=SIZE)
    built = time.monotonic() - started
    uncached = cached.twin(PAGE_CACHE_ENABLED="0")
    # Nothing of the page kept either: every part rendered, as after the article itself is edited.
    cold = cached.twin(PAGE_CACHE_ENABLED="0", PAGE_PARTS_ENABLED="0")
    pages = cached.folder / "pages"
    # Its own cache entries, so that its renders (not the other site's) write the page files.
    behind_nginx = cached.twin(PAGE_FILES_DIR=str(pages), CACHE_PREFIX="profile")
    scratch = Path(tempfile.mkdtemp(prefix="broadsheet-bench-"))
    nginx = profile = None
    rows, ramp = [], []
    try:
        cached.start()
        uncached.start()
        cold.start()
        behind_nginx.start()
        html = urllib.request.urlopen(cached.url + ARTICLE).read()
        nginx_url, nginx = start_nginx(scratch, html)
        profile = start_profile(behind_nginx, pages)
        targets = [
            ("article, nginx static file (baseline)", nginx_url),
            ("article, cached (make run's server)", cached.url + ARTICLE),
            ("article, cached (nginx profile)", profile.url + ARTICLE if profile else None),
            ("article, uncached (kept parts)", uncached.url + ARTICLE),
            ("article, uncached, no parts kept", cold.url + ARTICLE),
            ("front page, cached", cached.url + "/"),
            ("front page, uncached (kept parts)", uncached.url + "/"),
            ("front page, uncached, no parts kept", cold.url + "/"),
        ]
        for label, url in targets:
            if url is None:
                print(f"  {label}: skipped (nginx is not installed)")
                continue
            for _ in range(3):  # warm: fill the cache, let each worker learn the page, make renditions
                urllib.request.urlopen(url).read()
            rows.append(row(label, *wrk(url)))
            print(f"  measured {label}", flush=True)
        for connections in RAMP:
            rate, p50, p99, errors = wrk(cached.url + ARTICLE, connections=connections)
            ramp.append({"connections": connections, "per_s": rate, "p50": p50, "p99": p99, "errors": errors})
        print("  measured the ramp", flush=True)
        live = measure_live(cached)
        rows += live_rows(*live)
        print("  measured the live blog's updates", flush=True)
        behind_nginx.stop()
        votes = bench_votes(cached)
        redirects = bench_redirects(cached)
        beacons = bench_beacons(cached)
        search, search_size = bench_search(cached, SIZE)
    finally:
        for server in (nginx,):
            if server:
                os.killpg(server.pid, signal.SIGTERM)
                server.wait(timeout=10)
        if profile:
            profile.stop()
        behind_nginx.stop()
        uncached.stop()
        cold.stop()
        cached.stop()
        shutil.rmtree(scratch, ignore_errors=True)

    loads = [(f"votes, {label} (accepted/s)", figures, "accepted_per_s") for label, figures in votes]
    loads += [(f"view beacons, {label} (counted/s)", beacons[mix], "per_s") for mix, label in BEACON_MIXES]
    loads.append(("short-link redirects/s", redirects, "per_s"))
    for label, figures, rate in loads:
        rows.append(
            row(
                label,
                figures[rate],
                millis(figures["p50"]),
                millis(figures["p99"]),
                figures["failed"],
                figures["exact"],
            )
        )
    rows.append(
        row(
            f"search ({search['requests']} sequential, {search_size:,} articles)",
            None,
            search["p50"],
            search["p99"],
            search["errors"],
        )
    )

    baseline = rows[0]["per_s"] if rows and "nginx static" in rows[0]["label"] else None
    for item in rows:
        against = item.pop("against", None) or baseline  # the live updates have their own nginx row
        item["vs_nginx"] = round(item["per_s"] / against, 3) if against and item["per_s"] else None
    print()
    print(
        f"wrk: {CONNECTIONS} connections, {DURATION}, granian {WORKERS} workers x {THREADS} thread, "
        f"{os.cpu_count()} cores; demo built in {built:.0f}s{f' with {SIZE:,} generated articles' if SIZE else ''}"
    )
    print(f"{'':44} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'vs nginx':>9}  exact")
    for item in rows:
        rate = f"{item['per_s']:9.0f}" if item["per_s"] else f"{'-':>9}"
        ratio = f"{item['vs_nginx']:.3f}" if item["vs_nginx"] else "-"
        exact = {True: "yes", False: "NO", None: ""}[item["exact"]]
        print(
            f"{item['label']:44} {rate} {item['p50']:8.2f} {item['p99']:8.2f} {item['errors']:7d} {ratio:>9}  {exact}"
        )
    print()
    print("Cached article while connections ramp up (make run's server):")
    print(f"{'connections':>11} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for step in ramp:
        print(
            f"{step['connections']:11d} {step['per_s']:9.0f} {step['p50']:8.2f} {step['p99']:8.2f} {step['errors']:7d}"
        )
    print(
        f"\nLive updates: a {live[2]['bytes']:,}-byte fragment; {live[2]['published']} entries published while "
        f"polled; the latest shown after the run: {'yes' if live[2]['exact'] else 'NO'}"
    )
    print_redirects(redirects)
    print_search(search, search_size)
    results = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "cores": os.cpu_count(),
        "connections": CONNECTIONS,
        "duration": DURATION,
        "workers": WORKERS,
        "threads": THREADS,
        "size": SIZE,
        "rows": rows,
        "ramp": ramp,
        "votes": dict(votes),
        "beacons": beacons,
        "redirects": redirects,
        "search": search,
        "search_size": search_size,
        "live": {"baseline": live[0], "steady": live[1], "polled": live[2]},
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2))
    print(f"\nWritten to {RESULTS.relative_to(ROOT)}")
    # Speech engines run in their own process: they need no site, only the settings.
    subprocess.run([sys.executable, "-m", "bench.listen"], check=False)


def row(label, per_s, p50, p99, errors, exact=None):
    return {"label": label, "per_s": per_s, "p50": p50, "p99": p99, "errors": errors, "exact": exact}


def live_rows(baseline, steady, polled):
    """Rows of the live blog's updates fragment, each compared with nginx sending the same bytes."""
    against = baseline["per_s"] if baseline else None
    labelled = [
        ("live updates, nginx static file (baseline)", baseline),
        ("live updates, polled, nothing published", steady),
        ("live updates, polled, an entry a second", polled),
    ]
    rows = []
    for label, figures in labelled:
        if figures is None:
            continue
        rows.append(
            {
                **row(label, figures["per_s"], millis(figures["p50"]), millis(figures["p99"]), figures["failed"]),
                "exact": figures.get("exact"),
                "against": against,
            }
        )
    return rows


def start_profile(app, pages):
    """Start nginx as the production profile runs it, in front of `app`; None without nginx."""
    if nginx_binary() is None:
        return None
    headers = app.shell(
        "from broadsheet.pagecache.headers import as_nginx, stored_page_headers\n"
        "print(as_nginx(stored_page_headers()), end='')\n"
    )
    return RunningNginx(
        app_servers=[f"127.0.0.1:{app.port}"],
        page_files_dir=pages,
        static_root=app.folder / "static",
        page_headers_text=headers,
        workers=WORKERS,
    ).start()


def bench_beacons(sqlite_site):
    """Measure view beacons on SQLite with the file cache, the embedded default: both reader mixes."""
    # Readers' networks arrive as a proxy's X-Forwarded-For, as behind nginx.
    site = sqlite_site.twin(TRUSTED_PROXIES="127.0.0.1")
    try:
        site.start()
        return {mix: measure_beacons(site, REFERENCE_SLUG, mix) for mix, _ in BEACON_MIXES}
    finally:
        site.stop()


def bench_redirects(sqlite_site):
    """Measure short-link redirects on SQLite with the file cache, each click from a new network."""
    site = sqlite_site.twin(TRUSTED_PROXIES="127.0.0.1")
    try:
        site.start()
        return measure_redirects(site)
    finally:
        site.stop()


def bench_votes(sqlite_site):
    """Measure voting on SQLite (the site just used) and on PostgreSQL when one is reachable."""
    results = []
    site = sqlite_site.twin()
    try:
        site.start()
        results.append(("SQLite", measure_votes(site)))
    finally:
        site.kill()
    postgres = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    previous = os.environ.get("DATABASE_URL")
    os.environ["DATABASE_URL"] = postgres
    try:
        site = RunningSite(workers=WORKERS, threads=THREADS)
        site.manage("migrate", "--noinput")
        site.start()
        results.append(("PostgreSQL", measure_votes(site)))
        site.stop()
    except Exception as error:  # no server, or it refused us: report and carry on
        print(f"  PostgreSQL voting skipped: {error}")
    finally:
        if previous is None:
            os.environ.pop("DATABASE_URL", None)
        else:
            os.environ["DATABASE_URL"] = previous
    return results


if __name__ == "__main__":
    main()
