"""Probes for load balancers and orchestrators: `/healthz` (alive) and `/readyz` (can serve).

They are answered by a middleware near the top of the stack, before the page cache, sessions,
CSRF and redirects: a probe must depend on exactly what it reports and nothing else. `/healthz`
touches nothing, so a database or cache outage never makes every web process look dead (and get
restarted in a loop); `/readyz` checks the database, the cache and the task queue, so a process
that cannot serve is taken out of rotation. Neither depends on the Host header, so a probe that
calls the process by its address works.
"""

import logging
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Case, F, Min, When
from django.db.models.functions import Greatest
from django.http import JsonResponse
from django.utils import timezone

logger = logging.getLogger(__name__)


def probe_response(body, status=200):
    response = JsonResponse(body, status=status)
    # Probes report the present: no proxy or CDN may answer one from a copy.
    response["Cache-Control"] = "no-store"
    return response


def alive(request):
    """Answer 200 while the process can run Python: no database, no cache."""
    return probe_response({"status": "alive"})


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {}


def check_cache():
    # A round trip with a fresh key: a value left by someone else proves nothing about now.
    key, value = f"readyz:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, timeout=10)
    read = cache.get(key)
    cache.delete(key)
    if read != value:
        raise RuntimeError("the cache did not return what was just stored")
    return {}


def check_tasks():
    """Fail when a task that is due has waited longer than READYZ_TASK_MAX_WAIT seconds.

    The database backend of django-tasks keeps no worker heartbeat, so "the worker is reachable"
    is judged by its work: due tasks are being picked up. An idle queue is ready even if the
    worker is down, since nothing is waiting; the first task that waits too long turns it red.
    """
    backend = settings.TASKS["default"]["BACKEND"]
    if backend != "django_tasks_db.DatabaseBackend":
        return {"detail": f"not checked for {backend}"}
    from django_tasks_db.models import DBTaskResult, get_date_max

    # A task enqueued for later has waited only since it became due; the backend marks "no
    # delay" with a far-future run_after.
    due_since = Case(
        When(run_after=get_date_max(), then=F("enqueued_at")), default=Greatest("enqueued_at", "run_after")
    )
    oldest = DBTaskResult.objects.ready().aggregate(oldest=Min(due_since))["oldest"]
    if oldest is None:
        return {"waiting_seconds": 0}
    waiting = (timezone.now() - oldest).total_seconds()
    if waiting > settings.READYZ_TASK_MAX_WAIT:
        raise RuntimeError(f"a due task has waited {waiting:.0f} s for a worker")
    return {"waiting_seconds": round(waiting, 1)}


CHECKS = {"database": check_database, "cache": check_cache, "tasks": check_tasks}


def ready(request):
    """Answer 200 when the database, the cache and the task queue work; 503 and what failed if not."""
    results, all_ok = {}, True
    for name, check in CHECKS.items():
        started = time.perf_counter()
        try:
            result = {"ok": True, **check()}
        except Exception as error:  # any failure means "not ready"; the probe itself must answer
            all_ok = False
            # The body names the kind of failure only: no hosts or credentials from the message.
            result = {"ok": False, "error": type(error).__name__}
            logger.warning("readyz: %s check failed: %s", name, error)
        result["ms"] = round((time.perf_counter() - started) * 1000, 1)
        results[name] = result
    return probe_response({"status": "ready" if all_ok else "unready", "checks": results}, 200 if all_ok else 503)


PROBES = {"/healthz": alive, "/readyz": ready}


class ProbeMiddleware:
    """Answer the probes before the page cache, sessions and redirects run."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        probe = PROBES.get(request.path_info)
        if probe is None or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        return probe(request)
