"""`make bench`: measure the reader pages against nginx serving the same bytes, in one run.

Builds a demo newsroom in a temporary folder (BENCH_SIZE adds generated articles), starts the site
twice over the same data (page cache on, page cache off) and nginx with the article saved as a
static file, then loads each with wrk and prints requests/s, p50, p99 and the ratio to nginx.
"""

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
from bench.search import bench_search, print_search
from bench.views import measure_beacons
from bench.votes import CONNECTIONS as VOTERS
from bench.votes import measure_votes
from broadsheet.newsroom.demo.articles import REFERENCE_SLUG
from broadsheet.operations.sites import RunningSite, free_port

ROOT = Path(__file__).resolve().parent.parent

DURATION = os.environ.get("BENCH_DURATION", "10s")
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "32"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
# One thread per worker: Django is CPU-bound here, and more threads only contend for the GIL.
THREADS = int(os.environ.get("BENCH_THREADS", "1"))
SIZE = int(os.environ.get("BENCH_SIZE", "0"))
ARTICLE = f"/china/{REFERENCE_SLUG}/"


def wrk(url):
    """Return (requests/s, p50 ms, p99 ms, non-2xx count) for `url` under load."""
    out = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}", "--latency", url],
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
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
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
    print(f"Building the demo newsroom{f' with {SIZE} generated articles' if SIZE else ''}…", flush=True)
    cached.prepare(size=SIZE)
    built = time.monotonic() - started
    uncached = cached.twin(PAGE_CACHE_ENABLED="0")
    scratch = Path(tempfile.mkdtemp(prefix="broadsheet-bench-"))
    nginx = None
    rows = []
    try:
        cached.start()
        uncached.start()
        html = urllib.request.urlopen(cached.url + ARTICLE).read()
        nginx_url, nginx = start_nginx(scratch, html)
        targets = [
            ("article, nginx static file (baseline)", nginx_url),
            ("article, cached", cached.url + ARTICLE),
            ("article, uncached", uncached.url + ARTICLE),
            ("front page, cached", cached.url + "/"),
            ("front page, uncached", uncached.url + "/"),
        ]
        for label, url in targets:
            if url is None:
                print(f"  {label}: skipped (nginx is not installed)")
                continue
            urllib.request.urlopen(url).read()  # warm: fill the cache, make renditions
            rows.append((label, *wrk(url)))
            print(f"  measured {label}", flush=True)
        votes = bench_votes(cached)
        redirects = measure_redirects(cached)
        beacons = bench_beacons(cached)
        search, search_size = bench_search(cached, SIZE)
    finally:
        if nginx:
            os.killpg(nginx.pid, signal.SIGTERM)
            nginx.wait(timeout=10)
        uncached.stop()
        cached.stop()
        shutil.rmtree(scratch, ignore_errors=True)

    baseline = rows[0][1] if rows and "nginx" in rows[0][0] else None
    print()
    print(
        f"wrk: {CONNECTIONS} connections, {DURATION}, granian {WORKERS} workers x {THREADS} thread, "
        f"{os.cpu_count()} cores; demo built in {built:.0f}s"
    )
    print(f"{'page':40} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'vs nginx':>9}")
    for label, rate, p50, p99, errors in rows:
        ratio = f"{rate / baseline:.3f}" if baseline else "-"
        print(f"{label:40} {rate:9.0f} {p50:8.2f} {p99:8.2f} {errors:7d} {ratio:>9}")

    print()
    print(f"Voting: {VOTERS} concurrent voters, each a new reader, {DURATION}")
    header = f"{'database':12} {'accepted/s':>11} {'accepted':>9} {'stored':>8} {'refused':>8} {'p50':>9} {'p99':>9}"
    print(header + "  counts exact")
    for label, row in votes:
        print(
            f"{label:12} {row['accepted_per_s']:11.0f} {row['accepted']:9d} {row['stored']:8d} {row['failed']:8d} "
            f"{row['p50']:>9} {row['p99']:>9}  {'yes' if row['exact'] else 'NO'}"
        )
    print_redirects(redirects)

    print()
    print(f"View beacons: {CONNECTIONS} connections, {DURATION}, each beacon from a new reader (SQLite, file cache)")
    print(f"{'beacons/s':>10} {'accepted':>9} {'counted':>8} {'refused':>8} {'p50':>9} {'p99':>9}  counts exact")
    print(
        f"{beacons['per_s']:10.0f} {beacons['accepted']:9d} {beacons['stored']:8d} {beacons['failed']:8d} "
        f"{beacons['p50']:>9} {beacons['p99']:>9}  {'yes' if beacons['exact'] else 'NO'}"
    )
    print_search(search, search_size)
    # Speech engines run in their own process: they need no site, only the settings.
    subprocess.run([sys.executable, "-m", "bench.listen"], check=False)


def bench_beacons(sqlite_site):
    """Measure view beacons on SQLite with the file cache, the embedded default."""
    site = sqlite_site.twin()
    try:
        site.start()
        return measure_beacons(site, REFERENCE_SLUG)
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
