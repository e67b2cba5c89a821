"""The private parts of Django, Wagtail and treebeard we rely on, each in one place and why.

Each function below reaches one attribute or method its library does not promise to keep. Every
other module calls these instead, so an upgrade that removes or changes one breaks here, and
tests/test_private_apis.py names which. Where a public API does the same, use it instead.
"""

from django.core.cache.backends.filebased import FileBasedCache


def give_request_its_site(request, site):
    """Give a request the site Wagtail's `Site.find_for_request` would otherwise look up."""
    # `find_for_request` memoises its answer on the request in `_wagtail_site` (its docstring says
    # so) and offers no setter: this is the only way to hand Wagtail a site read from our cache
    # rather than have it query for one.
    request._wagtail_site = site


def request_knows_its_site(request):
    """Return whether Wagtail has already found, or been given, this request's site."""
    # The same memo, read: Wagtail has no public way to ask without looking the site up.
    return hasattr(request, "_wagtail_site")


def give_page_its_parent(page, parent):
    """Make `page.get_parent()` return `parent` without asking the database."""
    # Treebeard's `get_parent` caches the parent in `_cached_parent_obj` and has no setter; Wagtail's
    # own `Page.route` sets it the same way on the child it routes to.
    page._cached_parent_obj = parent


def next_tree_path(parent, last_child_path):
    """Return the tree path of a new last child of `parent`, after `last_child_path` (or None)."""
    # Treebeard's materialised-path arithmetic is private (`_inc_path`, `_get_path`); the demo's
    # bulk loader writes pages without `add_child`, which costs many queries per page.
    from wagtail.models import Page  # here, not at import: this module loads before the app registry

    if last_child_path:
        return Page(path=last_child_path)._inc_path()
    return Page._get_path(parent.path, parent.depth + 1, 1)


def widen_content_security_policy(response, allowed):
    """Add `allowed` (directive -> sources) to this response's enforced and report-only policies."""
    # django-csp's `csp_update` decorator takes fixed sources; a source read per request (the
    # stream's origin) has only the attributes the decorator sets, `_csp_update` and `_csp_update_ro`.
    response._csp_update = response._csp_update_ro = allowed


def cull_file_cache(cache):
    """Remove entries from a file cache over its MAX_ENTRIES, as Django's file cache does before a write."""
    # Django's file cache culls only inside `set`, before every write (listing the whole folder
    # each time); `_cull` is the one way to cull when we choose. broadsheet/filecache.py also
    # overrides `_cull` to choose when, relying on `set` calling it.
    FileBasedCache._cull(cache)


def file_cache_folder(cache):
    """Return a file cache's folder, made again if it was removed."""
    # The folder is kept only in `_dir`, and `_createdir` makes it with the modes Django's writes
    # use; neither has a public name.
    cache._createdir()
    return cache._dir


def file_of_cache_key(cache, key):
    """Return the path of the file a file cache keeps `key` in (default version)."""
    # No public API says where an entry lives; watching that one file with `stat` is what lets the
    # front see a change without reading the cache.
    return cache._key_to_file(key)


def database_copy_for_rollback(connection):
    """Return the copy of the test database Django's serialized rollback reloads (None if none was made)."""
    # Django keeps it in `_test_serialized_contents` when it creates a test database; a session that
    # reuses one (`--reuse-db`) has none, and TransactionTestCase reads only that attribute.
    return getattr(connection, "_test_serialized_contents", None)


def keep_database_copy_for_rollback(connection, data):
    """Give Django's serialized rollback the copy of the test database to reload."""
    connection._test_serialized_contents = data


def scheduling_files_by_group(config, log, group_of):
    """Return pytest-xdist's scheduling of whole files per worker, with files put in groups by `group_of(path)`.

    For the tests only (pytest-xdist is a development requirement). xdist's `--dist loadgroup`
    names its groups by rewriting `item._nodeid`, which pytest 9 no longer reads, so its groups
    are silently ignored; its scheduling by file decides a test's unit in `_split_scope(nodeid)`,
    the one method to override for units of several files.
    """
    from xdist.scheduler import LoadFileScheduling

    class GroupedFiles(LoadFileScheduling):
        def _split_scope(self, nodeid):
            return group_of(super()._split_scope(nodeid))

    return GroupedFiles(config, log)
