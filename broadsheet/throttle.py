"""A cheap first guard for public writes: how many attempts one network may make per minute.

It lives in the "counters" cache (Redis, shared by every process, or each process's memory
without Redis) and never touches the database, so a flood is turned away before any row is read
or written. It is approximate by design; the exact rules — one ballot per reader, the hourly
network allowance — are kept by the database.
"""

import time

from django.conf import settings
from django.core.cache import caches


def allow(reader, action, limit=None):
    """Count this attempt at `action` and return whether the reader's network is under the limit.

    The limit is per minute: WRITE_ATTEMPTS_PER_MINUTE unless the action has its own.
    """
    if reader.is_exempt_from_network_limits:
        return True
    cache = caches["counters"]
    key = f"throttle:{action}:{reader.network}:{int(time.time() // 60)}"
    cache.add(key, 0, timeout=120)
    try:
        attempts = cache.incr(key)
    except ValueError:  # evicted between add and incr: count this one as the first
        cache.set(key, 1, timeout=120)
        attempts = 1
    return attempts <= (settings.WRITE_ATTEMPTS_PER_MINUTE if limit is None else limit)
