"""Exact view counts under real parallel load against a running server, and what a crash may cost."""

import json
import signal
import threading
import time
from multiprocessing import Pool

import pytest
import requests

from broadsheet.newsroom.demo.articles import REFERENCE_SLUG
from tests.harness.sites import RunningSite

from ..readers import reader_session

pytestmark = pytest.mark.concurrency

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.{} Safari/537.36"
TOTALS = (
    "import json; from broadsheet.metrics.models import ViewTotal; "
    "print(json.dumps(dict(ViewTotal.objects.values_list('article_id', 'views'))))"
)


def article_id(site, slug=REFERENCE_SLUG):
    code = f"from broadsheet.newsroom.models import ArticlePage; print(ArticlePage.objects.get(slug={slug!r}).pk)"
    return int(site.shell(code))


def stored_views(site, article):
    return json.loads(site.shell(TOTALS)).get(str(article), 0)


def send_view(url, article, n, timeout=30):
    """Send reader number `n`'s view: a browser the server has not seen, from a network of its own."""
    with reader_session(n) as session:
        return session.post(
            f"{url}/f/views/", data={"article": article}, headers={"User-Agent": BROWSER.format(n)}, timeout=timeout
        )


def send_views(args):
    """One client process: `count` views, each from a reader the server has not seen."""
    url, article, first, count = args
    return [send_view(url, article, n).status_code for n in range(first, first + count)]


def wait_for_views(site, article, expected, deadline=30):
    """Return the stored count once it reaches `expected` (or what it is when the deadline passes)."""
    end = time.monotonic() + deadline
    while (stored := stored_views(site, article)) < expected and time.monotonic() < end:
        time.sleep(1)
    return stored


def test_eight_processes_of_two_hundred_and_fifty_readers_end_with_exact_counts(site):
    article = article_id(site)
    before = stored_views(site, article)
    with Pool(8) as pool:
        results = pool.map(send_views, [(site.url, article, worker * 250, 250) for worker in range(8)])
    assert [s for statuses in results for s in statuses] == [204] * 2000
    assert wait_for_views(site, article, before + 2000) == before + 2000
    time.sleep(6)  # one more flush interval: nothing counted twice
    assert stored_views(site, article) == before + 2000


@pytest.fixture
def own_site():
    """A site of its own, flushing every second, so it can be stopped and killed."""
    running = RunningSite(workers=2, threads=2, extra_env={"COUNT_FLUSH_SECONDS": "1"}).prepare()
    yield running
    running.stop()


def test_a_graceful_stop_writes_what_was_not_flushed_yet(own_site):
    own_site.env["COUNT_FLUSH_SECONDS"] = "3600"  # only the stop itself can write these
    own_site.start()
    article = article_id(own_site)
    before = stored_views(own_site, article)
    assert send_views((own_site.url, article, 0, 200)) == [204] * 200
    own_site.kill(signal.SIGTERM)
    assert stored_views(own_site, article) == before + 200


def test_killing_the_server_loses_at_most_one_flush_interval_of_views(own_site):
    own_site.start()
    article = article_id(own_site)
    before = stored_views(own_site, article)
    acknowledged, stop = [], threading.Event()

    def reader_loop(worker):
        n = worker * 1_000_000
        while not stop.is_set():
            n += 1
            try:
                response = send_view(own_site.url, article, n, timeout=5)
            except requests.RequestException:
                return
            if response.status_code == 204:
                acknowledged.append(time.monotonic())

    threads = [threading.Thread(target=reader_loop, args=(w,)) for w in range(4)]
    for thread in threads:
        thread.start()
    # Four seconds of load at least (several flushes), and enough views to prove something on a
    # slow or busy machine.
    started = time.monotonic()
    while (time.monotonic() - started < 4 or len(acknowledged) < 600) and time.monotonic() - started < 60:
        time.sleep(0.1)
    killed_at = time.monotonic()
    own_site.kill(signal.SIGKILL)
    stop.set()
    for thread in threads:
        thread.join()
    stored = stored_views(own_site, article) - before
    # Flushes happen every second in each worker; allow the interval plus a flush's own duration.
    recent = sum(1 for moment in acknowledged if moment > killed_at - 2.5)
    assert len(acknowledged) > 500, "too little load to prove anything"
    assert stored <= len(acknowledged)
    assert len(acknowledged) - stored <= recent


def test_the_server_answers_beacons_on_the_short_chain_with_the_same_rules(site):
    """Under the real server beacons take the short middleware chain: the same answers as the view gives."""
    article = article_id(site)
    before = stored_views(site, article)
    url = f"{site.url}/f/views/"
    assert requests.post(url, data={"article": "abc"}, timeout=10).json()["message"].startswith("Send the id")
    assert requests.get(url, timeout=10).status_code == 405
    robot = {"User-Agent": "Googlebot/2.1 (+http://www.google.com/bot.html)"}
    assert requests.post(url, data={"article": article}, headers=robot, timeout=10).status_code == 204
    for _ in range(3):  # one reader: one view
        response = send_view(site.url, article, 987654, timeout=10)
        assert (response.status_code, response.headers["X-Content-Type-Options"]) == (204, "nosniff")
    assert wait_for_views(site, article, before + 1, deadline=15) == before + 1
