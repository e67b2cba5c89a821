"""Logs an operator can follow: a request id on every record, JSON lines by setting, optional Sentry.

The request id comes from our own proxy's `X-Request-ID` (nginx's `$request_id`, a load balancer's
trace id) so one id follows a request through every layer; from anyone else the header is ignored,
since a client could otherwise plant ids (or log-breaking text) in our logs. It is echoed on the
response so a reader's bug report can quote it.
"""

import json
import logging
import re
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime

from django.conf import settings

from broadsheet.identity import in_networks

REQUEST_ID_HEADER = "X-Request-ID"
# What we accept from a proxy: uuids, hex, and the usual trace-id alphabets; nothing that can
# break a log line or a header.
ACCEPTED_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
NO_REQUEST = "-"

# A context variable, not a thread-local: each request's context is its own under threads and
# under asyncio alike.
current_request_id = ContextVar("request_id", default=NO_REQUEST)


def request_id_for(request):
    """Return the id a trusted proxy gave this request, or a new one."""
    return request_id_in(request.META)


def request_id_in(environ):
    """Return the id a trusted proxy gave the request with this WSGI environ, or a new one."""
    offered = environ.get("HTTP_X_REQUEST_ID", "")
    if (
        offered
        and ACCEPTED_REQUEST_ID.fullmatch(offered)
        and in_networks(environ.get("REMOTE_ADDR", ""), settings.TRUSTED_PROXIES)
    ):
        return offered
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """Give each request an id, make it the current one for logging, and echo it on the response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request_id_for(request)
        token = current_request_id.set(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        # Set after the page cache below has stored the response: ids never go into cached pages.
        response[REQUEST_ID_HEADER] = request.request_id
        return response


class RequestIdFilter(logging.Filter):
    """Add `request_id` to every record ("-" outside a request: the worker, the scheduler)."""

    def filter(self, record):
        record.request_id = current_request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """Format a record as one JSON object per line, for log collectors (LOG_FORMAT=json)."""

    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", current_request_id.get()),
            "process": record.process,
        }
        # django.request adds the status; the request object itself stays out (cookies, addresses).
        if isinstance(getattr(record, "status_code", None), int):
            entry["status"] = record.status_code
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def tag_with_request_id(event, hint):
    """Tag a Sentry event with the request id, so it can be found in the logs."""
    request_id = current_request_id.get()
    if request_id != NO_REQUEST:
        event.setdefault("tags", {})["request_id"] = request_id
    return event


def start_error_reporting(dsn, *, environment="", release=""):
    """Send unhandled errors to Sentry (or a compatible service) at `dsn`, with no personal data."""
    import sentry_sdk

    sentry_sdk.init(
        dsn=dsn,
        environment=environment or None,
        release=release or None,
        # Readers' addresses, cookies, signed-in users and request bodies (votes, comments) stay here.
        send_default_pii=False,
        max_request_body_size="never",
        # Stack frames' local variables hold session keys, SQL parameters and form values.
        include_local_variables=False,
        # Errors only: performance tracing is a separate decision with its own cost.
        traces_sample_rate=0,
        before_send=tag_with_request_id,
    )
