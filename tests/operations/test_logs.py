"""Request ids on responses and log records, and the JSON log format."""

import gzip
import http.server
import io
import json
import logging
import os
import re
import subprocess
import sys
import threading

import brotli
import pytest

from tests.harness.sites import ROOT

GENERATED_ID = re.compile(r"[0-9a-f]{32}")


def test_a_request_gets_a_new_id_echoed_on_the_response(client):
    first, second = client.get("/healthz"), client.get("/healthz")
    assert GENERATED_ID.fullmatch(first["X-Request-ID"])
    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_the_id_from_a_trusted_proxy_is_kept(client, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1/32"]
    response = client.get("/healthz", HTTP_X_REQUEST_ID="lb-7f3a.2", REMOTE_ADDR="127.0.0.1")
    assert response["X-Request-ID"] == "lb-7f3a.2"


def test_the_id_from_anyone_else_is_replaced(client, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    response = client.get("/healthz", HTTP_X_REQUEST_ID="planted-by-a-reader", REMOTE_ADDR="203.0.113.9")
    assert GENERATED_ID.fullmatch(response["X-Request-ID"])


@pytest.mark.parametrize("offered", ["two words", "x" * 129, "id\tINFO forged line", "ïd"])
def test_a_malformed_id_even_from_a_trusted_proxy_is_replaced(client, settings, offered):
    settings.TRUSTED_PROXIES = ["127.0.0.1/32"]
    response = client.get("/healthz", HTTP_X_REQUEST_ID=offered)
    assert GENERATED_ID.fullmatch(response["X-Request-ID"])


@pytest.fixture
def console():
    """The console handler the site's LOGGING set up, writing into a buffer for the test."""
    handler = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    buffer = io.StringIO()
    previous = handler.setStream(buffer)
    yield buffer
    handler.setStream(previous)


def test_records_logged_during_a_request_carry_its_id_and_others_do_not(client, db, settings, console):
    settings.TRUSTED_PROXIES = ["127.0.0.1/32"]
    # A cache outage makes /readyz log a warning from inside the request.
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    }
    client.get("/readyz", HTTP_X_REQUEST_ID="req-42")
    logging.getLogger("broadsheet.test").warning("after the request")
    lines = console.getvalue().splitlines()
    assert any("[req-42]" in line and "readyz: cache check failed" in line for line in lines), lines
    assert any(line.endswith("[-] after the request") for line in lines), lines


def run_django(code, **env):
    """Run Python in a fresh process with the site's settings and the given environment."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    environment.update(DJANGO_SETTINGS_MODULE="broadsheet.settings", **env)
    prelude = "import django, logging\ndjango.setup()\n"
    return subprocess.run(
        [sys.executable, "-c", prelude + code], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60
    )


def test_log_format_json_writes_one_object_per_line_with_the_request_id(tmp_path):
    code = """
from django.test import Client
Client().get("/readyz", HTTP_X_REQUEST_ID="from-nginx-1", REMOTE_ADDR="127.0.0.1")
logging.getLogger("broadsheet.test").error("outside any request: %s", "ok")
"""
    # An empty data folder has no tables, so the task check fails and logs inside the request.
    result = run_django(
        code, LOG_FORMAT="json", DATA_DIR=str(tmp_path), TRUSTED_PROXIES="127.0.0.1/32", DATABASE_URL="", REDIS_URL=""
    )
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stderr.splitlines()]  # every line is one JSON object
    during = [r for r in records if r["logger"] == "broadsheet.probes"]
    assert during and all(r["request_id"] == "from-nginx-1" and r["level"] == "WARNING" for r in during)
    outside = [r for r in records if r["logger"] == "broadsheet.test"]
    assert outside == [{**outside[0], "message": "outside any request: ok", "request_id": "-", "level": "ERROR"}]
    assert outside[0]["time"].endswith("+00:00")


def test_an_unknown_log_format_is_refused_at_start(tmp_path):
    result = run_django("", LOG_FORMAT="xml", DATA_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "LOG_FORMAT must be text or json, not 'xml'" in result.stderr


class Collector(http.server.BaseHTTPRequestHandler):
    """A stand-in error-reporting service: keeps every envelope posted to it."""

    received = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        # Sentry's client compresses with brotli when it is installed (the page cache needs it), else gzip.
        if self.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        elif self.headers.get("Content-Encoding") == "br":
            body = brotli.decompress(body)
        Collector.received.append(body.decode())
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_errors_are_reported_to_the_dsn_with_the_request_id_and_no_personal_data(tmp_path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Collector)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    Collector.received.clear()
    code = """
from django.test import Client
client = Client(raise_request_exception=False)
client.cookies["sessionid"] = "secret-session-value"
response = client.get(
    "/", HTTP_X_REQUEST_ID="trace-99", HTTP_X_FORWARDED_FOR="198.51.100.7", REMOTE_ADDR="203.0.113.5"
)
print(response.status_code)
"""
    try:
        # An empty data folder has no tables: the front page fails with a server error.
        result = run_django(
            code,
            SENTRY_DSN=f"http://publickey@127.0.0.1:{server.server_port}/1",
            DATA_DIR=str(tmp_path),
            TRUSTED_PROXIES="203.0.113.0/24",
            DATABASE_URL="",
            REDIS_URL="",
            LOG_LEVEL="CRITICAL",
            STATICFILES_PLAIN="1",  # the error page without collectstatic
        )
    finally:
        server.shutdown()
    assert result.returncode == 0 and result.stdout.strip() == "500", result.stderr
    events = [envelope for envelope in Collector.received if '"type":"event"' in envelope.replace(" ", "")]
    assert len(events) == 1
    assert "OperationalError" in events[0]
    assert '"request_id":"trace-99"' in events[0].replace(" ", "")
    for personal in ("secret-session-value", "198.51.100.7", "203.0.113.5"):
        assert personal not in events[0]


def test_no_error_reporting_without_a_dsn():
    result = run_django("import sentry_sdk\nprint(sentry_sdk.is_initialized())", SENTRY_DSN="")
    assert result.stdout.strip() == "False", result.stderr
