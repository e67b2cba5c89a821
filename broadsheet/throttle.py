"""The one rate limiter for public writes and expensive reads: how often one network may try each action.

Every limit is a rule in RULES: the setting that holds the number of attempts and the window it
is counted over. Views ask `allow(reader, action)` and never carry their own numbers, so an
operator finds every limit in one table (Zulip's RATE_LIMITING_RULES is the model).

Windows slide: an attempt is weighed against the current window's attempts plus the previous
window's, scaled by how much of the previous window is still inside the last `window` seconds.
With fixed clock windows a script could send a full allowance at 11:59:59 and another at 12:00:00;
with a sliding window it gets about one allowance per `window` seconds, whenever it starts.

Counts live in the "counters" cache (Redis, shared by every process, or each process's memory
without Redis) and never touch the database, so a flood is turned away before any row is read or
written. This guard is approximate by design (two buckets, not a log of every attempt); the exact
rules about what is stored — one ballot per reader, a poll's hourly network allowance
(polls.NetworkTally), comments per reader (comments.services), sign-in lockouts (django-axes,
staff.signin) — are kept with the rows they protect.
"""

import time

from django.conf import settings
from django.core.cache import caches

# action: (setting with the number of attempts one network may make, the window in seconds).
# A setting of 0 turns the rule off (benchmarks, an intranet).
RULES = {
    # Votes from scripts and forms: refused attempts count too, so a flood stays refused.
    "vote": ("WRITE_ATTEMPTS_PER_MINUTE", 60),
    # View beacons: an office reads a lot, a script more.
    "view": ("VIEW_BEACONS_PER_MINUTE", 60),
    # Short-link clicks past the allowance are still redirected, only no longer counted.
    "click": ("CLICKS_PER_MINUTE", 60),
    # A search is the most expensive page that is never cached.
    "search": ("SEARCHES_PER_MINUTE", 60),
    # Sign-ups are rare for a person and each writes rows and sends a mail: counted by the hour.
    "signup": ("SIGN_UPS_PER_NETWORK_PER_HOUR", 3600),
    # Reports of errors in articles: each is read by an editor.
    "error_report": ("ERROR_REPORTS_PER_HOUR", 3600),
    # Messages through the contact form: each is read by someone in the newsroom and sent on by mail.
    "contact_message": ("CONTACT_MESSAGES_PER_HOUR", 3600),
}


def allow(reader, action, *, now=None):
    """Count this attempt at `action` and return whether the reader's network is within its rule."""
    setting, window = RULES[action]
    limit = getattr(settings, setting)
    if not limit or reader.is_exempt_from_network_limits:
        return True
    now = time.time() if now is None else now
    bucket, elapsed = divmod(now, window)
    attempts = add_attempt(f"throttle:{action}:{reader.network}:{int(bucket)}", window)
    previous = caches["counters"].get(f"throttle:{action}:{reader.network}:{int(bucket) - 1}", 0)
    return attempts + previous * (1 - elapsed / window) <= limit


def add_attempt(key, window):
    """Add one to the attempts counted under `key` (kept two windows) and return the new count."""
    cache = caches["counters"]
    cache.add(key, 0, timeout=2 * window)
    try:
        return cache.incr(key)
    except ValueError:  # evicted between add and incr: count this one as the first
        cache.set(key, 1, timeout=2 * window)
        return 1
