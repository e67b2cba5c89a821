"""Early answers: found by exact path or pattern, and run between Django's request signals."""

import json
import re
from io import BytesIO

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.http import HttpResponse

from broadsheet.operations import early

ENVIRON = {"REQUEST_METHOD": "POST", "SERVER_NAME": "testserver", "SERVER_PORT": "80", "wsgi.input": BytesIO()}


def test_answers_on_the_event_loop_are_for_exact_paths_only():
    with pytest.raises(ValueError, match="exact path"):
        early.register_early_answer(re.compile(r"/x/[0-9]+/"), lambda environ: None, on_loop=lambda environ: None)


def test_a_pattern_matches_whole_paths_only():
    def handler(environ):
        return None

    early.register_early_answer(re.compile(r"/test-early/[0-9]+/"), handler)
    try:
        assert early.early_answer_for("/test-early/12/") is handler
        assert early.early_answer_for("/test-early/12/x") is None
        assert early.early_answer_for("/x/test-early/12/") is None
    finally:
        early._patterns.pop()


def test_an_early_answer_runs_as_a_request_does_even_when_it_fails(caplog):
    """Between request_started and request_finished (database connections are checked around it);
    a failure is logged where Django logs one, and the script gets a message."""
    seen = []

    def started(**kwargs):
        seen.append("started")

    def finished(**kwargs):
        seen.append("finished")

    def failing(environ):
        seen.append("answer")
        raise RuntimeError("boom")

    for signal, receiver in ((request_started, started), (request_finished, finished)):
        signal.disconnect(close_old_connections)  # this test has no database to check
        signal.connect(receiver)
    try:
        answered = early.run_early(lambda environ: seen.append("answer") or HttpResponse("ok"), {})
        failed = early.run_early(failing, {**ENVIRON, "PATH_INFO": "/polls/1/vote/"})
    finally:
        for signal, receiver in ((request_started, started), (request_finished, finished)):
            signal.disconnect(receiver)
            signal.connect(close_old_connections)
    assert seen == ["started", "answer", "finished"] * 2
    assert answered.content == b"ok" and len(answered["X-Request-Id"]) == 32
    assert failed.status_code == 500
    assert failed["X-Content-Type-Options"] == "nosniff" and failed["X-Frame-Options"] == "DENY"
    assert json.loads(failed.content)["message"] == "Something went wrong on our side. Please try again in a moment."
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert "/polls/1/vote/" in record.getMessage() and record.exc_info[0] is RuntimeError
    assert record.request_id == failed["X-Request-Id"] and record.status_code == 500
