"""Django's Redis cache, answering as an empty cache while Redis is unreachable.

A cache is an accelerator: with Redis stopped or restarting, pages must still be served (rendered
each time, slower) rather than fail with 500s, and be cached again as soon as Redis answers
(issue 13). Reads find nothing, writes keep nothing, and each outage is logged, not each call.
"""

import logging
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
LOG_EVERY_SECONDS = 30

# What each operation answers while Redis is away: nothing found, nothing kept.
_ANSWERS = {
    "get": lambda args, kwargs: kwargs.get("default", args[1] if len(args) > 1 else None),
    "get_many": lambda args, kwargs: {},
    "has_key": lambda args, kwargs: False,
    "add": lambda args, kwargs: False,
    "set": lambda args, kwargs: None,
    "set_many": lambda args, kwargs: [],
    "touch": lambda args, kwargs: False,
    "delete": lambda args, kwargs: False,
    "delete_many": lambda args, kwargs: None,
    "clear": lambda args, kwargs: None,
}
_last_logged = 0.0


def _report(operation, error):
    global _last_logged
    now = time.monotonic()
    if now - _last_logged > LOG_EVERY_SECONDS:
        _last_logged = now
        logger.warning("Redis is unreachable (%s: %s); serving without the cache", operation, error)


def _tolerant(operation):
    method = getattr(RedisCache, operation)

    def tolerant(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except UNREACHABLE as error:
            _report(operation, error)
            if operation in ("incr", "decr"):
                raise ValueError("the counter is unavailable while Redis is unreachable") from error
            return _ANSWERS[operation](args, kwargs)

    tolerant.__name__ = operation
    return tolerant


class TolerantRedisCache(RedisCache):
    pass


for _operation in [*_ANSWERS, "incr", "decr"]:
    setattr(TolerantRedisCache, _operation, _tolerant(_operation))
