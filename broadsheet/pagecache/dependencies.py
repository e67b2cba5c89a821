"""What a cached page shows, and the version of each thing it shows.

A cached page records the version of every dependency key it was rendered from ("page:42" for an
article whose headline it prints, "list:section:7" for a listing). Invalidation gives a key a new
version, so every page that showed it is re-rendered on its next request: exact, and no index of
which URLs show what is needed.
"""

import secrets

from django.core.cache import cache
from django.db import transaction

# Changed on every invalidation: a render that overlaps an invalidation is not stored, since it
# may have read the database before the change committed.
EPOCH_KEY = "pagecache:epoch"
# Every page prints the site navigation (the list of sections).
NAVIGATION = "nav"


def version_key(dependency):
    return f"pagecache:v:{dependency}"


def current_versions(dependencies):
    """Return {dependency: version} for these keys, None where a key was never invalidated."""
    found = cache.get_many([version_key(d) for d in dependencies])
    return {d: found.get(version_key(d)) for d in dependencies}


def current_epoch():
    return cache.get(EPOCH_KEY)


def invalidate(dependencies):
    """Give these dependency keys new versions once the current transaction commits."""
    dependencies = set(dependencies)
    if not dependencies:
        return

    def bump():
        token = secrets.token_hex(8)
        cache.set_many({version_key(d): token for d in dependencies} | {EPOCH_KEY: token}, timeout=None)

    transaction.on_commit(bump)


def mark_cacheable(response, dependencies):
    """Let the page cache keep this response, re-rendering it when any of these keys changes."""
    response.page_cache_dependencies = frozenset(dependencies) | {NAVIGATION}
    return response


class CachedPageMixin:
    """A Wagtail page whose anonymous HTML is the same for every reader and so may be cached."""

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        context = getattr(response, "context_data", None)
        if response.status_code == 200 and context is not None:
            mark_cacheable(response, {f"page:{self.pk}"} | self.cache_dependencies(context))
        return response

    def cache_dependencies(self, context):
        """Return the dependency keys of what this page shows besides itself."""
        return set()
