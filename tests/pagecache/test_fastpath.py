"""The front answers cached pages itself (issue 13): same bytes and headers, exact invalidation, spikes."""

import gzip
import os
import shutil
import subprocess
import threading
import time

import brotli
import pytest
import requests

from broadsheet.newsroom.demo.articles import REFERENCE_SLUG
from tests.harness.sites import RunningSite, free_port

pytestmark = pytest.mark.concurrency

ARTICLE = f"/china/{REFERENCE_SLUG}/"
PER_ANSWER = {"date", "x-request-id", "x-page-cache", "content-length", "connection"}


@pytest.fixture
def front(app_site):
    return app_site


def comparable(headers):
    """Headers less those of one answer; the policy's directives in any order (django-csp's order varies)."""
    kept = {k.lower(): v for k, v in headers.items() if k.lower() not in PER_ANSWER}
    for name in ("content-security-policy", "content-security-policy-report-only"):
        if name in kept:
            kept[name] = sorted(part.strip() for part in kept[name].split(";"))
    return kept


def fetch(site, path=ARTICLE, **headers):
    headers.setdefault("Accept-Encoding", "identity")
    return requests.get(site.url + path, headers=headers, timeout=30)


def until_fast(site, path=ARTICLE, **headers):
    """Ask until the front answers itself (each of the two workers learns the page once)."""
    for _ in range(20):
        response = fetch(site, path, **headers)
        if response.headers.get("X-Page-Cache") == "fast":
            return response
    raise AssertionError(f"the front never answered {path} itself")


def edit_headline(site, slug, title):
    site.shell(
        "from broadsheet.newsroom.models import ArticlePage\n"
        f"page = ArticlePage.objects.get(slug={slug!r}).specific\n"
        f"page.title = {title!r}\n"
        "page.save_revision().publish()\n"
    )


def test_the_front_sends_the_same_bytes_and_headers_as_django(front):
    first = fetch(front, ARTICLE + "?from=django")
    fast = until_fast(front)
    assert fast.content == first.content
    assert fast.status_code == 200
    assert comparable(fast.headers) == comparable(first.headers)
    assert "x-request-id" not in {k.lower() for k in fast.headers}  # no middleware ran


@pytest.mark.parametrize(
    ("accept", "coding", "decode"),
    [
        ("gzip, deflate, br, zstd", "br", brotli.decompress),
        ("gzip", "gzip", gzip.decompress),
        ("br;q=0, gzip;q=0.5", "gzip", gzip.decompress),
        ("*", "br", brotli.decompress),
        ("*;q=0", None, bytes),
        ("identity", None, bytes),
        ("GZIP;Q=1", "gzip", gzip.decompress),
        ("br;q=abc, " + "x-junk, " * 3000, None, bytes),
    ],
)
def test_accept_encoding_picks_a_copy_made_when_the_page_was_stored(front, accept, coding, decode):
    plain = until_fast(front).content
    response = until_fast(front, **{"Accept-Encoding": accept})
    assert response.headers.get("Content-Encoding") == coding
    assert "Accept-Encoding" in response.headers["Vary"]
    assert decode(_raw(front, accept)) == plain


def _raw(site, accept):
    """The body as sent (requests would decode gzip and brotli itself)."""
    response = requests.get(site.url + ARTICLE, headers={"Accept-Encoding": accept}, stream=True, timeout=30)
    return response.raw.read(decode_content=False)


def test_a_reader_holding_the_page_gets_304_for_any_of_its_codings(front):
    for accept in ("identity", "gzip", "br"):
        tag = until_fast(front, **{"Accept-Encoding": accept}).headers["ETag"]
        again = fetch(front, **{"Accept-Encoding": accept, "If-None-Match": f'"other", {tag}'})
        assert again.status_code == 304
        assert again.content == b""
        assert again.headers["ETag"] == tag


def test_junk_queries_and_host_spellings_share_the_one_copy(front):
    until_fast(front)
    for path in (ARTICLE + "?utm_source=x", ARTICLE + "?page=abc", ARTICLE + "?page=2&x=%00"):
        assert fetch(front, path).headers["X-Page-Cache"] == "fast", path
    host = front.url.removeprefix("http://")
    assert fetch(front, Host=host.upper().replace("127.0.0.1", "127.0.0.1.")).status_code in (200, 400)
    response = fetch(front, Host="evil.example")
    assert response.status_code == 400  # Django still checks the host: the front never stored it


def test_publishing_and_unpublishing_change_the_page_at_once(front):
    slug = "russian-gas-could-cut-chinas-reliance-on-coal"
    path = front.shell(
        f"from broadsheet.newsroom.models import ArticlePage; print(ArticlePage.objects.get(slug={slug!r}).url)"
    ).strip()
    until_fast(front, path)
    edit_headline(front, slug, "Gas from Russia may ease China's coal habit")
    response = fetch(front, path)
    assert "Gas from Russia may ease China&#x27;s coal habit" in response.text
    assert response.headers["X-Page-Cache"] in ("miss", "hit")
    assert "Gas from Russia may ease" in until_fast(front, path).text
    front.shell(
        f"from broadsheet.newsroom.models import ArticlePage\nArticlePage.objects.get(slug={slug!r}).unpublish()\n"
    )
    assert [fetch(front, path).status_code for _ in range(6)] == [404] * 6


def test_a_hot_page_invalidated_under_64_readers_is_rendered_once_and_nobody_waits(front):
    until_fast(front)
    outcomes, errors, stop = [], [], threading.Event()
    changed = threading.Event()

    def reader():
        with requests.Session() as session:
            while not stop.is_set():
                try:
                    response = session.get(front.url + ARTICLE, timeout=30)
                except requests.RequestException as error:
                    errors.append(repr(error))
                    continue
                if response.status_code != 200:
                    errors.append(response.status_code)
                if changed.is_set():
                    outcomes.append(response.headers.get("X-Page-Cache"))

    readers = [threading.Thread(target=reader) for _ in range(64)]
    for thread in readers:
        thread.start()
    time.sleep(2)
    changed.set()  # from here on, every answer is counted: the invalidation lands at some point
    # One invalidation of the page's key, as publishing an edit makes (which may make several).
    front.shell(
        "from broadsheet.newsroom.models import ArticlePage\n"
        "from broadsheet.pagecache.dependencies import invalidate, page_key\n"
        f"invalidate([page_key(ArticlePage.objects.get(slug={REFERENCE_SLUG!r}))])\n"
    )
    time.sleep(3)
    stop.set()
    for thread in readers:
        thread.join()
    assert errors == []
    assert outcomes.count("miss") == 1  # one render for everyone
    assert "stale" in outcomes or "hit" in outcomes
    assert outcomes[-1] == "fast"


@pytest.mark.skipif(bool(os.environ.get("REDIS_URL")), reason="the file cache's folder (Redis: the next test)")
def test_pages_are_served_while_the_cache_folder_is_gone_and_cached_again_after(front):
    until_fast(front)
    shutil.rmtree(front.folder / "cache")
    answers = [fetch(front) for _ in range(6)]
    assert [a.status_code for a in answers] == [200] * 6
    assert until_fast(front).status_code == 200


def test_range_requests_get_the_whole_page(front):
    whole = until_fast(front).content
    response = fetch(front, Range="bytes=0-99")
    assert response.status_code == 200
    assert response.content == whole


@pytest.fixture
def redis_outage(tmp_path):
    """A site on a Redis of its own, and a switch to stop and restart that Redis."""
    port = free_port()
    command = [
        "redis-server",
        "--port",
        str(port),
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
        "--dir",
        str(tmp_path),
    ]
    server = {"process": subprocess.Popen(command, stdout=subprocess.DEVNULL)}
    time.sleep(0.5)
    site = RunningSite(workers=1, threads=2)
    site.env["REDIS_URL"] = f"redis://127.0.0.1:{port}/0"
    site.prepare().start()

    def stop():
        server["process"].terminate()
        server["process"].wait(timeout=10)

    def restart():
        server["process"] = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        time.sleep(0.5)

    yield site, stop, restart
    site.stop()
    if server["process"].poll() is None:
        server["process"].terminate()


@pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs redis-server")
@pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="once, in the SQLite leg: it brings its own Redis")
def test_pages_are_served_while_redis_is_down_and_cached_again_when_it_returns(redis_outage):
    site, stop, restart = redis_outage
    assert until_fast(site).status_code == 200
    stop()
    answers = [fetch(site) for _ in range(5)] + [fetch(site, "/") for _ in range(3)]
    assert [a.status_code for a in answers] == [200] * 8
    assert {a.headers.get("X-Page-Cache") for a in answers[2:5]} == {"miss"}  # rendered, not stored
    restart()
    assert until_fast(site).status_code == 200
