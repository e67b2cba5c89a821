import os
from pathlib import Path

import pytest
from django.core.cache import cache, caches
from django.core.handlers.wsgi import get_path_info
from django.test import Client
from django.test.client import ClientHandler

from broadsheet.edge.chain import Chains, ShortChain, view_for
from broadsheet.newsroom.factories import AuthorFactory, TagFactory, create_article, home_page, section_page
from broadsheet.private_apis import scheduling_files_by_group
from tests.harness.sites import RunningSite

# Sites after the first start from a copy of its freshly built data (minutes of CPU per CI leg).
RunningSite.reuse_builds = True

# What makes a test serial: it drives a browser or a running server, whose timings two busy
# workers on two cores would distort. `make test` runs the rest in parallel first, then these.
SERIAL_FIXTURES = {"site", "browser"}
SERIAL_MARKERS = {"browser", "concurrency"}
# The serial phase runs on two workers (`make test`, `--dist loadfile`), each file's tests together
# on one. The files whose tests load the machine (parallel clients, killed servers: any test marked
# `concurrency`) or prove a promise made in seconds (an entry, an alert or a poll's count reaching
# an open page within 5 s) are one unit, run one after another on one worker as the whole phase
# ran before; browsers and servers that only check behaviour share the machine with them on the
# other worker. Collection refuses a `concurrency` test in a file missing here.
MACHINE_FILES = (
    "backups/test_services.py",
    "browser/test_alerts.py",
    "browser/test_live_page.py",
    "browser/test_polls.py",
    "comments/test_running_site.py",
    "links/test_running_site.py",
    "live/test_services.py",
    "live/test_spike.py",
    "metrics/test_concurrency.py",
    "operations/test_serve.py",
    "pagecache/test_fastpath.py",
    "pagecache/test_nginx_profile.py",
    "polls/test_concurrency.py",
    "security/test_slow_bodies.py",
)
# Tests whose outcome cannot depend on the database or cache backend: markup, headers, rendering
# speech, browsers, sign-in protocols, files. CI's PostgreSQL + Redis leg skips them (`-m "not
# portable"`); everything that queries, counts, limits, caches (feeds, sitemaps and audio are
# invalidated through the cache), searches, queues tasks or races runs on both legs.
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
    "listen/test_browser.py",
    "listen/test_encoding.py",
    "listen/test_engines.py",
    "listen/test_spoken.py",
    "newsroom/test_addresses.py",
    "newsroom/test_blocks.py",
    "newsroom/test_datelines.py",
    "newsroom/test_editor.py",
    "newsroom/test_images.py",
    "newsroom/test_plugins.py",
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


def pytest_xdist_make_scheduler(config, log):
    """With `--dist loadfile` (the serial phase), put the MACHINE_FILES in one unit of work."""
    if config.getvalue("dist") != "loadfile":
        return None

    def group_of(path):
        return "machine" if path.removeprefix("tests/") in MACHINE_FILES else path

    return scheduling_files_by_group(config, log, group_of)


def pytest_collection_modifyitems(config, items):
    """Mark the tests that need the machine to themselves `serial`, and the backend-independent `portable`."""
    for item in items:
        database = item.get_closest_marker("django_db")
        if database and database.kwargs.get("transaction") and not database.kwargs.get("serialized_rollback"):
            # Its flush at the end re-creates content types that the next serialized test's copy
            # then clashes with, and leaves the data migrations wrote gone (see django_db_setup).
            raise pytest.UsageError(f"{item.nodeid}: a transactional test needs serialized_rollback=True")
        starts_servers = getattr(getattr(item, "module", None), "RunningSite", None) is RunningSite
        if (
            SERIAL_FIXTURES.intersection(getattr(item, "fixturenames", ()))
            or SERIAL_MARKERS.intersection(marker.name for marker in item.iter_markers())
            or starts_servers
        ):
            item.add_marker(pytest.mark.serial)
        if item.get_closest_marker("concurrency") and item.path.relative_to(TESTS).as_posix() not in MACHINE_FILES:
            raise pytest.UsageError(
                f"{item.nodeid}: a concurrency test's file must be in MACHINE_FILES (tests/conftest.py)"
            )
        if item.path.relative_to(TESTS).as_posix().startswith(PORTABLE):
            item.add_marker(pytest.mark.portable)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, handed to the next session as migrations left it.

    A transactional test empties the database when it ends (Django's flush), and the data
    migrations wrote (Wagtail's root page, the newsroom's roles) is gone for whatever comes next:
    with `--reuse-db`, that is the next session, such as `make test`'s serial phase, which reuses
    the first worker's database. So a copy is kept when the session starts, for serialized
    rollbacks and to put back when the session ends, if a transactional test ran last.
    """
    from django.db import connection
    from wagtail.models import Page

    from broadsheet.private_apis import database_copy_for_rollback, keep_database_copy_for_rollback

    with django_db_blocker.unblock():
        if not Page.objects.filter(depth=1).exists():
            # Every test errors with this (pytest.exit inside an xdist worker hides its message).
            raise RuntimeError("The reused test database has lost its data: run once with --create-db.")
        if database_copy_for_rollback(connection) is None:
            keep_database_copy_for_rollback(connection, connection.creation.serialize_db_to_string())
    yield
    with django_db_blocker.unblock():
        if not Page.objects.filter(depth=1).exists():
            from django.core.management import call_command

            # As Django's serialized rollback does: empty without re-running post-migrate
            # (content types made anew would clash with the copy's), then load the copy.
            call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
            connection.creation.deserialize_db_from_string(database_copy_for_rollback(connection))
            # Rows come back with their ids, but PostgreSQL's sequences stay where the flush left
            # them (1): the next session's first new page would take an id the copy already holds.
            from django.apps import apps
            from django.core.management.color import no_style

            statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models(include_auto_created=True))
            with connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)


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
    """Give every test an empty cache: pages, versions, remembered values and rate limits start fresh.

    Ids come back after a rolled-back test, so a value kept for one could outlive its row; clearing
    the cache also gives it a new epoch, which every process's local copies are checked against.
    """
    cache.clear()
    caches["counters"].clear()
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
def browser(django_db_setup):
    # Sync Playwright keeps its event loop in this thread (suspended in a greenlet while the test
    # runs), and Django then refuses any database call from the thread as "async context". Nothing
    # runs on that loop while a test talks to the database, so the guard is turned off for the
    # test process (not for the sites it starts: tests/harness/sites.py leaves it out of theirs).
    # A serial worker may reach a database test after its first browser test.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import expect, sync_playwright

    # Playwright's assertions wait 5 s by default; a page on a loaded machine may take longer to
    # show what it will show. Checks of a promise made in seconds give their own timeout.
    expect.set_options(timeout=15_000)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def screenshots():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


class ShortChainClientHandler(ShortChain, ClientHandler):
    """Django's test handler over the short middleware chain, built as the edge builds its own."""


class EdgeClientHandler:
    """Django's test handlers behind the edge's choice of chain (the edge's own `Chains.pick`)."""

    def __init__(self, enforce_csrf_checks=True):
        self.chains = Chains(
            full=ClientHandler(enforce_csrf_checks), short=ShortChainClientHandler(enforce_csrf_checks)
        )

    def __call__(self, environ):
        handler = self.chains.pick(environ, view_for(get_path_info(environ)))
        response = handler(environ)
        response.took_short_chain = handler is self.chains.short
        return response


def edge_client():
    """Return a test client whose requests take the chain the edge would choose, with CSRF checks on."""
    client = Client(enforce_csrf_checks=True)
    client.handler = EdgeClientHandler(enforce_csrf_checks=True)
    return client


@pytest.fixture
def edge(db):
    """A test client whose requests take the chain the edge would choose, with Django's CSRF checks on."""
    return edge_client()
