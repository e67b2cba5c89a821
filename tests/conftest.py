import os
from io import BytesIO
from pathlib import Path

import pytest
from django.core.cache import cache, caches
from django.core.handlers.wsgi import WSGIRequest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from django.test.client import ClientHandler, FakePayload

from broadsheet.newsroom.factories import AuthorFactory, TagFactory, create_article, home_page, section_page
from broadsheet.operations.early import early_answer_for, run_early
from broadsheet.operations.sites import RunningSite
from broadsheet.polls.services import _snapshots

# Sites after the first start from a copy of its freshly built data (minutes of CPU per CI leg).
RunningSite.reuse_builds = True

# What makes a test serial: it drives a browser or a running server, whose timings two busy
# workers on two cores would distort. `make test` runs the rest in parallel first, then these.
SERIAL_FIXTURES = {"site", "browser"}
SERIAL_MARKERS = {"browser", "concurrency"}
# Tests whose outcome cannot depend on the database or cache backend: markup, headers, audio,
# browsers, sign-in protocols, files. CI's PostgreSQL + Redis leg skips them (`-m "not portable"`);
# everything that queries, counts, limits, caches, searches or races runs on both legs.
PORTABLE = (
    "accounts/test_oidc.py",
    "accounts/test_reader_sign_in_url.py",
    "audit/",
    "browser/",
    "comments/test_xss.py",
    "fragments/",
    "links/test_action_bar.py",
    "links/test_browser.py",
    "links/test_open_redirects.py",
    "listen/",
    "newsroom/test_addresses.py",
    "newsroom/test_blocks.py",
    "newsroom/test_datelines.py",
    "newsroom/test_editor.py",
    "newsroom/test_feeds.py",
    "newsroom/test_images.py",
    "newsroom/test_plugins.py",
    "newsroom/test_sitemaps.py",
    "newsroom/test_structured_data.py",
    "newsroom/test_wagtail_hooks.py",
    "operations/test_logs.py",
    "operations/test_serve.py",
    "operations/test_welcome.py",
    "security/",
    "staff/test_browser.py",
    "staff/test_two_factor.py",
    "test_bad_input.py",
    "test_filecache.py",
    "test_identity.py",
    "test_settings.py",
)
TESTS = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    """Mark the tests that need the machine to themselves `serial`, and the backend-independent `portable`."""
    for item in items:
        starts_servers = getattr(getattr(item, "module", None), "RunningSite", None) is RunningSite
        if (
            SERIAL_FIXTURES.intersection(getattr(item, "fixturenames", ()))
            or SERIAL_MARKERS.intersection(marker.name for marker in item.iter_markers())
            or starts_servers
        ):
            item.add_marker(pytest.mark.serial)
        if item.path.relative_to(TESTS).as_posix().startswith(PORTABLE):
            item.add_marker(pytest.mark.portable)


@pytest.fixture(scope="session")
def site():
    """A real Broadsheet served by granian (two workers) over its own database with the demo newsroom."""
    running = RunningSite(workers=2, threads=2).prepare().start()
    yield running
    running.stop()


@pytest.fixture(autouse=True, scope="session")
def no_background_flushing():
    """Keep the count buffer's flushing thread out of the test process: tests flush when they mean to.

    Left running, it refreshed "most read" every few seconds from its own database connection,
    and the invalidation it sent could land in the middle of another test's page-cache check.
    """
    from django.conf import settings

    settings.COUNT_FLUSH_SECONDS = 0


@pytest.fixture(autouse=True)
def empty_cache():
    """Give every test an empty cache: pages, versions, rate limits and poll snapshots start fresh."""
    cache.clear()
    caches["counters"].clear()
    _snapshots.clear()  # ids come back after a rolled-back test, so a snapshot could outlive its poll
    yield
    cache.clear()
    caches["counters"].clear()


@pytest.fixture(autouse=True)
def plain_static_files(settings):
    # Hashed static names need `collectstatic` first; tests render templates without it.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The production hasher is deliberately slow; tests sign in hundreds of users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def home(db):
    return home_page()


@pytest.fixture
def world(home):
    return section_page("World", "world", "News from every continent.")


@pytest.fixture
def economy(home):
    return section_page("Economy", "economy")


@pytest.fixture
def author(db):
    return AuthorFactory(name="Li Wei", slug="li-wei", role="Beijing correspondent")


@pytest.fixture
def china_tag(db):
    return TagFactory(name="China", slug="china", kind="place")


@pytest.fixture
def make_article(world, author, django_capture_on_commit_callbacks):
    """Create and publish an article, running what publication triggers once it commits."""

    def make(title="A headline", section=None, **kwargs):
        kwargs.setdefault("authors", [author])
        with django_capture_on_commit_callbacks(execute=True):
            return create_article(section or world, title, **kwargs)

    return make


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a block and then what it scheduled for after commit (cache invalidation, tasks)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


# Real-browser fixtures, defined once for the whole suite: one Playwright per session (a second
# sync Playwright in the same thread refuses to start).
SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", Path(__file__).resolve().parents[1] / "var" / "screenshots"))
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Chromium's background services try the network at start; this machine has none to offer.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def screenshots():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


class FrontHandler(ClientHandler):
    """Django's test handler with the front's first step: an early answer, when one is registered and given."""

    def __call__(self, environ):
        handler = early_answer_for(environ["PATH_INFO"])
        if handler is not None:
            body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
            early = {**environ, "wsgi.input": BytesIO(body)}  # the front reads the whole body first
            # As the test handler does: the test's transaction must outlive the request.
            request_started.disconnect(close_old_connections)
            request_finished.disconnect(close_old_connections)
            try:
                answer = run_early(handler, early)
            finally:
                request_started.connect(close_old_connections)
                request_finished.connect(close_old_connections)
            if answer is not None:
                answer.answered_early = True
                answer.wsgi_request = WSGIRequest(early)
                return answer
            environ = {**environ, "wsgi.input": FakePayload(body)}
        response = super().__call__(environ)
        response.answered_early = False
        return response


@pytest.fixture
def front_client(db):
    """A test client whose requests meet the front's early answers first, with Django's CSRF checks on."""
    client = Client(enforce_csrf_checks=True)
    client.handler = FrontHandler(enforce_csrf_checks=True)
    return client
