"""The private APIs in broadsheet/private_apis.py still exist and behave as we rely on.

An upgrade of Django, Wagtail or treebeard that removes or changes one fails here, naming it,
rather than somewhere far away as a slower page or a cache that never culls.
"""

import inspect
import os
import shutil

from django.core.cache.backends.filebased import FileBasedCache
from wagtail.models import Page, Site

from broadsheet.private_apis import (
    cull_file_cache,
    file_cache_folder,
    file_of_cache_key,
    give_page_its_parent,
    give_request_its_site,
    next_tree_path,
    request_knows_its_site,
    widen_content_security_policy,
)


def parameters(owner, name):
    """Return the parameter names of `owner.name`, failing with the API's name if it is gone."""
    api = f"{owner.__module__}.{owner.__qualname__}.{name}"
    assert callable(getattr(owner, name, None)), f"{api} is gone: see broadsheet/private_apis.py"
    return list(inspect.signature(getattr(owner, name)).parameters)


def entries(folder):
    return [name for name in os.listdir(folder) if name.endswith(FileBasedCache.cache_suffix)]


def test_wagtail_finds_a_requests_site_in_the_memo_we_give_it(rf, db, django_assert_num_queries):
    request = rf.get("/")
    assert not request_knows_its_site(request)
    found = Site.find_for_request(request)
    assert request_knows_its_site(request), "Site.find_for_request no longer memoises in request._wagtail_site"

    given = Site(hostname="kept.example", site_name="Kept")
    other = rf.get("/")
    give_request_its_site(other, given)
    with django_assert_num_queries(0):
        assert Site.find_for_request(other) is given, "Site.find_for_request ignores request._wagtail_site"
    assert Site.find_for_request(request) is found


def test_treebeard_returns_the_parent_we_give_a_page_without_a_query(db, django_assert_num_queries):
    parent = Page(title="Home", path="00010001", depth=2)
    child = Page(title="World", path="000100010001", depth=3)
    give_page_its_parent(child, parent)
    with django_assert_num_queries(0):
        assert child.get_parent() is parent, "treebeard's get_parent no longer reads page._cached_parent_obj"


def test_djangos_file_cache_culls_through_cull_before_every_write(tmp_path):
    assert parameters(FileBasedCache, "_cull") == ["self"]
    culls = []

    class Counting(FileBasedCache):
        def _cull(self):
            culls.append(1)

    cache = Counting(str(tmp_path), {})
    cache.set("a", 1)
    cache.add("b", 2)  # broadsheet/filecache.py's add writes through Django's, and so culls
    assert len(culls) == 2, "FileBasedCache.set no longer calls _cull: broadsheet/filecache.py never culls"


def test_culling_a_file_cache_removes_entries_over_its_limit(tmp_path):
    roomy = FileBasedCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 100}})
    for number in range(6):
        roomy.set(f"key:{number}", number)
    assert len(entries(tmp_path)) == 6
    cull_file_cache(FileBasedCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 2, "CULL_FREQUENCY": 2}}))
    assert len(entries(tmp_path)) == 3, "FileBasedCache._cull no longer removes 1/CULL_FREQUENCY of the entries"


def test_a_file_caches_folder_is_made_again_and_holds_its_entries(tmp_path):
    assert parameters(FileBasedCache, "_createdir") == ["self"]
    folder = tmp_path / "cache"
    cache = FileBasedCache(str(folder), {})
    shutil.rmtree(folder)
    assert file_cache_folder(cache) == str(folder), "FileBasedCache._dir is no longer the cache's folder"
    assert folder.is_dir(), "FileBasedCache._createdir no longer makes the folder"
    cache.set("a", 1)
    assert entries(folder) == [os.path.basename(file_of_cache_key(cache, "a"))]


def test_each_write_of_a_key_replaces_the_file_the_front_watches(tmp_path):
    assert parameters(FileBasedCache, "_key_to_file") == ["self", "key", "version"]
    cache = FileBasedCache(str(tmp_path), {})
    path = file_of_cache_key(cache, "pagecache:epoch")
    assert os.path.dirname(path) == str(tmp_path)
    cache.set("pagecache:epoch", "first")
    before = os.stat(path).st_ino
    cache.set("pagecache:epoch", "second")
    # broadsheet/pagecache/fastpath.py tells a new epoch by the file's inode, without reading it.
    assert os.stat(path).st_ino != before, "FileBasedCache.set no longer replaces the file at _key_to_file(key)"
    assert cache.get("pagecache:epoch") == "second"


def test_djangos_serialized_rollback_reloads_the_copy_we_keep_for_it():
    import inspect

    from django.db import connection
    from django.test import testcases

    from broadsheet.private_apis import database_copy_for_rollback, keep_database_copy_for_rollback

    # TransactionTestCase reloads the database from this attribute, and reads no other.
    assert "_test_serialized_contents" in inspect.getsource(testcases.TransactionTestCase._fixture_setup)
    before = database_copy_for_rollback(connection)
    try:
        keep_database_copy_for_rollback(connection, "[]")
        assert database_copy_for_rollback(connection) == "[]"
    finally:
        keep_database_copy_for_rollback(connection, before)


def test_treebeards_path_arithmetic_names_the_paths_add_child_would_give(db):
    root = Page.get_first_root_node()
    first = root.add_child(instance=Page(title="First", slug="first-tree-path"))
    assert next_tree_path(first, None) == first.path + "0001", "treebeard's Page._get_path changed"
    second = first.add_child(instance=Page(title="Second", slug="second-tree-path"))
    assert next_tree_path(first, second.path) == first.path + "0002", "treebeard's _inc_path changed"


def test_django_csp_adds_the_sources_we_give_a_response(rf, settings):
    from csp.middleware import CSPMiddleware
    from django.http import HttpResponse

    response = HttpResponse("ok")
    widen_content_security_policy(response, {"media-src": ["https://stream.example.org"]})
    request = rf.get("/")
    answered = CSPMiddleware(lambda request: response)(request)
    policies = ("Content-Security-Policy", "Content-Security-Policy-Report-Only")
    headers = " ".join(answered.get(name, "") for name in policies)
    assert "https://stream.example.org" in headers, "django-csp no longer reads response._csp_update"


def test_xdist_schedules_by_the_unit_split_scope_names():
    from types import SimpleNamespace

    from xdist.scheduler import LoadFileScheduling

    from broadsheet.private_apis import scheduling_files_by_group

    assert parameters(LoadFileScheduling, "_split_scope") == ["self", "nodeid"]
    two_workers = SimpleNamespace(getvalue={"tx": ["2*popen"]}.get)  # what `-n 2` gives the controller
    scheduling = scheduling_files_by_group(two_workers, None, lambda path: "machine" if "spike" in path else path)
    assert scheduling._split_scope("tests/live/test_spike.py::test_many") == "machine"
    assert scheduling._split_scope("tests/browser/test_desk.py::test_one[phone]") == "tests/browser/test_desk.py"
