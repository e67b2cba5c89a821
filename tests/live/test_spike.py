"""A spike on a live blog: 500 readers polling its updates fragment while an editor publishes.

A real server (granian, two processes) and a real publisher (`manage.py live_drill`, another
process over the same database and cache, through `services.add_entry`). Every reader keeps one
connection and polls every one to three seconds, sending back the ETag it holds as a browser does.
Proven: no errors; every reader sees every entry, never a later one before an earlier one, each
within 5 s of its commit; and the origin rendered the fragment about once per entry, not per poll.
"""

import asyncio
import json
import random
import re
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.harness.sites import ROOT, RunningSite

pytestmark = pytest.mark.concurrency

READERS = 500
ENTRIES = 10
# The promise to readers: an entry reaches them within this long of its publication.
REACH_SECONDS = 5
# Whatever the order of their attributes: the fragment's version, and each entry's.
FRAGMENT_VERSION = re.compile(rb'<div(?=[^>]*\bclass="live-updates")[^>]*\bdata-version="(\d+)"')
ENTRY_VERSION = re.compile(rb'<article(?=[^>]*\bclass="live-entry\b)[^>]*\bdata-version="(\d+)"')

SETUP = """
import json
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from broadsheet.live.factories import create_live_page
from broadsheet.newsroom.models import SectionPage

page = create_live_page(SectionPage.objects.live().first(), "Live: the spike drill")
editor = get_user_model().objects.create_user("spike-editor", password="a-long-passphrase")
editor.groups.add(Group.objects.get(name="Editor"))
print(json.dumps({"id": page.pk, "url": page.relative_url(page.get_site())}))
"""


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body


class Connection:
    """One reader's keep-alive HTTP/1.1 connection (no HTTP client library is installed)."""

    def __init__(self, port):
        self.port = port
        self.reader = self.writer = None

    async def get(self, path, etag=None):
        # A connection the server closed while idle is opened again once, as browsers do; a
        # failure on a fresh connection is an error.
        for _ in range(2):
            fresh = self.writer is None
            if fresh:
                self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
            request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n"
            if etag:
                request += f"If-None-Match: {etag}\r\n"
            self.writer.write((request + "\r\n").encode())
            try:
                await self.writer.drain()
                return await self.read_response()
            except (ConnectionError, asyncio.IncompleteReadError):
                self.close()
                if fresh:
                    raise
        raise AssertionError("unreachable")

    async def read_response(self):
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = {}
        for line in lines[1:]:
            if line:
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
        body = b""
        if status not in (204, 304):
            if "content-length" in headers:
                body = await self.reader.readexactly(int(headers["content-length"]))
            elif headers.get("transfer-encoding", "").lower() == "chunked":
                body = await self.read_chunks()
        if headers.get("connection", "").lower() == "close":
            self.close()
        return Response(status, headers, body)

    async def read_chunks(self):
        body = b""
        while size := int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16):
            body += await self.reader.readexactly(size)
            await self.reader.readexactly(2)
        await self.reader.readuntil(b"\r\n")
        return body

    def close(self):
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


class Reader:
    """One poller: when it first saw each entry version, and what went wrong."""

    def __init__(self, number):
        self.number = number
        self.first_seen = {}  # version -> time.time() of the answer that first carried it
        self.order = []  # versions in the order first seen
        self.errors = []
        self.incomplete = []  # fragments that named a version but lacked an entry up to it
        self.outcomes = Counter()
        self.renders = Counter()  # fragment version -> answers that were rendered for it (miss)


async def poll(reader, port, path, published, done):
    connection = Connection(port)
    etag = None
    await asyncio.sleep(random.uniform(0, 2))  # readers arrive over two seconds, not in one instant
    try:
        while not done.is_set() or len(reader.first_seen) < len(published):
            try:
                response = await asyncio.wait_for(connection.get(path, etag), timeout=10)
            except (OSError, TimeoutError, asyncio.IncompleteReadError, asyncio.LimitOverrunError) as error:
                reader.errors.append(repr(error))
                connection.close()
            else:
                arrived = time.time()
                outcome = response.headers.get("x-page-cache", "none")
                reader.outcomes[outcome] += 1
                if response.status == 200:
                    etag = response.headers.get("etag")
                    version = learn(reader, response.body, arrived)
                    if outcome == "miss":
                        reader.renders[version] += 1
                elif response.status != 304:
                    reader.errors.append(f"status {response.status}")
            if done.is_set() and time.time() > done.last_commit + REACH_SECONDS + 5:
                break  # no hope left: the assertions below say what is missing
            await asyncio.sleep(random.uniform(1, 3))
    finally:
        connection.close()


def learn(reader, body, arrived):
    match = FRAGMENT_VERSION.search(body)
    if match is None:
        reader.errors.append(f"not an updates fragment: {body[:200]!r}")
        return None
    version = int(match.group(1))
    versions = [int(v) for v in ENTRY_VERSION.findall(body)]
    # A fragment at version N carries every change up to N (the drill only adds entries), in order.
    # It may also carry one committed between its reads of the version and of the entries.
    if versions[:version] != list(range(1, version + 1)) or versions != sorted(versions):
        reader.incomplete.append((version, versions))
    for seen in versions:
        if seen not in reader.first_seen:
            reader.first_seen[seen] = arrived
            reader.order.append(seen)
    return version


async def spike(site, page):
    readers = [Reader(n) for n in range(READERS)]
    published = {}  # version -> commit time, as the publisher reports it
    done = asyncio.Event()
    done.last_commit = None
    pollers = [asyncio.create_task(poll(r, site.port, page["url"] + "updates/", published, done)) for r in readers]
    publisher = await asyncio.create_subprocess_exec(
        sys.executable,
        "manage.py",
        "live_drill",
        str(page["id"]),
        "--as",
        "spike-editor",
        "--count",
        str(ENTRIES),
        "--every",
        "1",
        cwd=ROOT,
        env=site.env,
        stdout=asyncio.subprocess.PIPE,
    )

    async def read_publications():
        async for line in publisher.stdout:
            entry = json.loads(line)
            published[entry["version"]] = entry["committed"]

    try:
        # Its Django starts in a few seconds: a publisher stuck past this fails the test instead of hanging it.
        await asyncio.wait_for(read_publications(), timeout=ENTRIES + 60)
    finally:
        if publisher.returncode is None and not publisher.stdout.at_eof():
            publisher.kill()
    assert await publisher.wait() == 0
    done.last_commit = max(published.values())
    done.set()
    await asyncio.wait_for(asyncio.gather(*pollers), timeout=REACH_SECONDS + 30)
    return readers, published


@pytest.fixture
def spike_site():
    """A site of its own: the drill's live blog and entries must not show in other tests' pages."""
    running = RunningSite(workers=2, threads=2).prepare().start()
    yield running
    running.stop()


def test_five_hundred_pollers_see_every_entry_in_order_within_five_seconds(spike_site):
    page = json.loads(spike_site.shell(SETUP).strip().splitlines()[-1])
    started = time.monotonic()
    # In a thread of its own: a browser test earlier in the session leaves Playwright's event loop
    # set on this one, and asyncio.run() refuses to start another there.
    with ThreadPoolExecutor(max_workers=1) as runner:
        readers, published = runner.submit(asyncio.run, spike(spike_site, page)).result()
    took = time.monotonic() - started

    assert sorted(published) == list(range(1, ENTRIES + 1)), published
    assert [(r.number, r.errors[:3]) for r in readers if r.errors] == []
    assert [(r.number, r.incomplete[:3]) for r in readers if r.incomplete] == []
    missed = [(r.number, sorted(set(published) - set(r.first_seen))) for r in readers if len(r.first_seen) < ENTRIES]
    assert missed == []
    # In order: no reader ever saw an entry before one published earlier.
    assert [(r.number, r.order) for r in readers if r.order != sorted(r.order)] == []
    late = [
        (r.number, version, round(r.first_seen[version] - committed, 2))
        for r in readers
        for version, committed in published.items()
        if r.first_seen[version] - committed > REACH_SECONDS
    ]
    assert late == [], f"{len(late)} late sightings, e.g. {late[:5]}"

    # The origin rendered per change, not per poll nor per process: every other answer came from
    # the edge's copy (fast) or the page cache (hit, stale). One render per version (the empty
    # fragment, then each entry), and a few spare for a render a slow host could not store because
    # the next entry landed meanwhile; a render in each process would be twice as many.
    outcomes = sum((r.outcomes for r in readers), Counter())
    polls = sum(outcomes.values())
    assert polls >= READERS * 5, outcomes  # the spike really happened
    assert outcomes["miss"] <= ENTRIES + 1 + 3, outcomes
    assert outcomes["fast"] + outcomes["hit"] + outcomes["stale"] == polls - outcomes["miss"], outcomes
    renders = sum((r.renders for r in readers), Counter())
    slowest = max(r.first_seen[v] - committed for r in readers for v, committed in published.items())
    print(
        f"\n{READERS} readers, {polls} polls in {took:.1f}s: {dict(outcomes)}; renders by version "
        f"{dict(sorted(renders.items()))}; slowest sighting {slowest:.2f}s after its commit"
    )
