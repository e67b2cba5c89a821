"""Slow and oversized request bodies against a real server run as `make run` runs it (issue 7, 2 and 10).

Raw sockets, because an HTTP library sends a body as fast as it can: the attack is a client that
announces a body and then sends it a byte at a time.
"""

import socket
import threading
import time
import urllib.request

import pytest

from broadsheet.newsroom.demo.articles import REFERENCE_SLUG
from tests.harness.sites import RunningSite

ARTICLE = f"/china/{REFERENCE_SLUG}/"
VOTE = "/polls/1/vote/"
FORM = "application/x-www-form-urlencoded"
# `manage.py serve` (and so `make run`) serves with one worker of two Django threads.
MAKE_RUN_THREADS = 2


@pytest.fixture(scope="module")
def site():
    running = RunningSite(workers=1, threads=MAKE_RUN_THREADS, extra_env={"REQUEST_BODY_IDLE_TIMEOUT": "3"})
    running.prepare().start()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def csrf_cookie(site):
    """Return a CSRF cookie as any visitor gets one: without it Django refuses a vote unread."""
    with urllib.request.urlopen(site.url + "/admin/login/", timeout=10) as response:
        for header in response.headers.get_all("Set-Cookie"):
            if header.startswith("csrftoken="):
                return header.split(";")[0]
    raise AssertionError("no CSRF cookie")


def connect(site, path, headers, timeout=20):
    sock = socket.create_connection(("127.0.0.1", site.port), timeout=timeout)
    head = f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    sock.sendall((head + "\r\n").encode())
    return sock


def answer(sock):
    """Return the status line and body of the server's answer, or '' if it closed without one."""
    data = b""
    try:
        while chunk := sock.recv(65536):
            data += chunk
            if b"\r\n\r\n" in data and b"content-length" in data.lower():
                head, _, body = data.partition(b"\r\n\r\n")
                length = int(head.lower().split(b"content-length: ")[1].split(b"\r\n")[0])
                if len(body) >= length:
                    break
    except OSError:
        pass
    head, _, body = data.partition(b"\r\n\r\n")
    return head.split(b"\r\n")[0].decode(), body.decode(errors="replace")


class SlowPoster(threading.Thread):
    """Announce `length` bytes of vote form and send one byte every `pace` seconds until `until`."""

    def __init__(self, site, cookie, length, until, pace=0.5):
        super().__init__(daemon=True)
        self.site, self.cookie, self.length, self.until, self.pace = site, cookie, length, until, pace
        self.status, self.answered_after = None, None

    def run(self):
        started = time.monotonic()
        headers = {"Content-Type": FORM, "Content-Length": self.length, "Cookie": self.cookie}
        sock = connect(self.site, VOTE, headers)
        sock.settimeout(self.pace)
        sent = 0
        while time.monotonic() < self.until and sent < self.length:
            try:
                sock.send(b"a")
                sent += 1
                if sock.recv(65536, socket.MSG_PEEK):
                    break  # the server answered before the body was complete
            except TimeoutError:
                continue
            except OSError:
                break
        sock.settimeout(5)
        self.status = answer(sock)[0]
        self.answered_after = time.monotonic() - started
        sock.close()


def timed_get(site, path):
    started = time.monotonic()
    with urllib.request.urlopen(site.url + path, timeout=10) as response:
        assert response.status == 200
    return time.monotonic() - started


def test_slow_vote_bodies_do_not_freeze_the_cached_article(site, csrf_cookie):
    timed_get(site, ARTICLE)  # stored in the page cache
    until = time.monotonic() + 8
    # Four within the vote's size limit (each would hold a Django thread for over an hour at this
    # pace if it could), two announcing more than the limit.
    within = [SlowPoster(site, csrf_cookie, 4000, until) for _ in range(4)]
    beyond = [SlowPoster(site, csrf_cookie, 100_000, until) for _ in range(2)]
    for poster in within + beyond:
        poster.start()
    time.sleep(1.5)  # every slow body is now in flight

    times = []
    while time.monotonic() < until - 1:
        times.append(timed_get(site, ARTICLE))
        time.sleep(0.2)
    still_sending = sum(poster.is_alive() for poster in within)

    for poster in within + beyond:
        poster.join(timeout=15)
    assert len(times) >= 10
    assert max(times) < 1.0, times
    assert still_sending == len(within)  # the article answered while all of them were sending
    for poster in beyond:
        assert poster.status.startswith("HTTP/1.1 413"), poster.status
        assert poster.answered_after < 3  # refused at the headers, not after a byte a second


def test_a_client_that_stops_sending_its_body_is_answered_408(site, csrf_cookie):
    sock = connect(site, VOTE, {"Content-Type": FORM, "Content-Length": "500", "Cookie": csrf_cookie})
    sock.sendall(b"option=1&")
    started = time.monotonic()
    status, body = answer(sock)
    assert status.startswith("HTTP/1.1 408")
    assert "took too long" in body
    assert 2 < time.monotonic() - started < 8  # REQUEST_BODY_IDLE_TIMEOUT=3 for this site


def test_a_vote_larger_than_its_limit_is_refused_with_413_before_it_is_read(site):
    sock = connect(site, VOTE, {"Content-Type": "multipart/form-data; boundary=x", "Content-Length": 200 * 2**20})
    status, body = answer(sock)
    assert status.startswith("HTTP/1.1 413")
    assert "larger than this address accepts" in body


def test_a_chunked_body_without_a_length_cannot_slip_past_the_limit(site):
    sock = connect(site, VOTE, {"Content-Type": FORM, "Transfer-Encoding": "chunked"})
    chunk = b"a" * 1024
    try:
        for _ in range(64):  # 64 KiB against a limit of 8
            sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        sock.sendall(b"0\r\n\r\n")
    except OSError:
        pass  # the server may close as soon as it has refused
    status, body = answer(sock)
    assert status.startswith("HTTP/1.1 413")
    assert "larger than this address accepts" in body


def test_a_large_body_to_an_article_is_refused(site):
    sock = connect(site, ARTICLE, {"Content-Type": "application/octet-stream", "Content-Length": 50 * 2**20})
    assert answer(sock)[0].startswith("HTTP/1.1 413")
