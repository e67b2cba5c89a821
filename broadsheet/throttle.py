"""A cheap first guard for public writes: how many attempts one network may make in a window.

It lives in the "counters" cache (Redis, shared by every process, or each process's memory
without Redis) and never touches the database, so a flood is turned away before any row is read
or written. It is approximate by design; the exact rules — one ballot per reader, the hourly
network allowance — are kept by the database.
"""

import time

from django.conf import settings
from django.core.cache import caches

# Actions whose allowance is not per minute: the setting that holds the number of attempts, and
# the window in seconds it is counted over. Sign-ups are rare for a person (one, perhaps a second
# for a partner) and every one writes rows and sends a mail, so they are counted by the hour.
RULES = {
    "signup": ("SIGN_UPS_PER_NETWORK_PER_HOUR", 3600),
}


def allow(reader, action, limit=None):
    """Count this attempt at `action` and return whether the reader's network is under the limit.

    The limit is per minute (WRITE_ATTEMPTS_PER_MINUTE unless the caller gives its own), or what
    the action's rule in RULES says.
    """
    if reader.is_exempt_from_network_limits:
        return True
    window = 60
    if action in RULES:
        setting, window = RULES[action]
        limit = getattr(settings, setting)
    cache = caches["counters"]
    key = f"throttle:{action}:{reader.network}:{int(time.time() // window)}"
    cache.add(key, 0, timeout=2 * window)
    try:
        attempts = cache.incr(key)
    except ValueError:  # evicted between add and incr: count this one as the first
        cache.set(key, 1, timeout=2 * window)
        attempts = 1
    return attempts <= (settings.WRITE_ATTEMPTS_PER_MINUTE if limit is None else limit)
