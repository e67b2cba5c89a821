"""/healthz and /readyz: what load balancers see, through the whole middleware stack."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

# A Redis nobody listens on: a real client failing to connect, as in an outage.
UNREACHABLE_CACHE = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
}


@task()
def nothing():
    """A task for the probe to see waiting in the queue."""


def test_healthz_answers_without_the_database_or_the_cache(client, settings):
    # No `db` fixture: any query would fail the test. And the cache is down.
    settings.CACHES = UNREACHABLE_CACHE
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "alive"}
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Type"] == "application/json"


def test_probes_answer_a_load_balancer_that_calls_the_process_by_its_address(client, db, settings):
    settings.ALLOWED_HOSTS = ["news.example"]
    assert client.get("/healthz", HTTP_HOST="10.0.0.7:8000").status_code == 200
    assert client.get("/", HTTP_HOST="10.0.0.7:8000").status_code == 400  # pages still check the host


def test_readyz_is_ready_when_database_cache_and_queue_work(client, db):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ready"
    assert {name: check["ok"] for name, check in body["checks"].items()} == {
        "database": True,
        "cache": True,
        "tasks": True,
    }
    assert response["Cache-Control"] == "no-store"


def test_readyz_is_unready_when_the_cache_is_unreachable(client, db, settings):
    settings.CACHES = UNREACHABLE_CACHE
    response = client.get("/readyz")
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["cache"] == {"ok": False, "error": "ConnectionError", "ms": checks["cache"]["ms"]}
    assert checks["database"]["ok"] is True
    assert "127.0.0.1:1" not in response.content.decode()  # no addresses in a public answer


def test_readyz_is_unready_when_a_due_task_waits_longer_than_allowed(client, db, settings):
    settings.READYZ_TASK_MAX_WAIT = 300
    result = nothing.enqueue()
    assert client.get("/readyz").status_code == 200  # just enqueued: the worker has time

    DBTaskResult.objects.filter(pk=result.id).update(enqueued_at=timezone.now() - timedelta(minutes=10))
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["tasks"]["ok"] is False


def test_readyz_does_not_count_a_task_scheduled_for_later_as_waiting(client, db):
    # Enqueued ten minutes ago to run in an hour: nobody should have run it yet.
    result = nothing.using(run_after=timezone.now() + timedelta(hours=1)).enqueue()
    DBTaskResult.objects.filter(pk=result.id).update(enqueued_at=timezone.now() - timedelta(minutes=10))
    assert client.get("/readyz").status_code == 200


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_probes_are_never_answered_from_the_page_cache(client, db, path):
    for _ in range(2):
        response = client.get(path)
        assert "X-Page-Cache" not in response
        assert response["Cache-Control"] == "no-store"


def test_probes_over_plain_http_are_not_redirected_to_https(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/readyz").status_code == 200
    assert client.get("/").status_code == 301  # everything else still goes to https
