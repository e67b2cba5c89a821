"""The core knows no feature: feature apps plug themselves in, and `newsroom` imports none of them."""

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

from broadsheet.newsroom import plugins
from broadsheet.newsroom.models import ArticlePage
from broadsheet.pagecache.dependencies import invalidate, object_key

PACKAGE = Path(settings.BASE_DIR) / "broadsheet"
# What the core may use: itself and the infrastructure every page needs.
CORE = {"broadsheet.newsroom", "broadsheet.pagecache", "broadsheet.fragments"}
# Machinery that features share and the core has no use for (counting views and clicks): not a
# feature, and not the core's to know either.
SHARED_BY_FEATURES = {"broadsheet.counting"}
# Shared machinery that every feature uses, and that must therefore know none of them.
SHARED = [
    "newsroom",
    "pagecache",
    "fragments",
    "counting",
    "identity.py",
    "throttle.py",
    "refusals.py",
    "views.py",
    "settings.py",
]


def feature_apps():
    """Return the names of our installed apps that are features (not the core, their shared machinery, operations)."""
    ours = {config.name for config in apps.get_app_configs() if config.name.startswith("broadsheet.")}
    return ours - CORE - SHARED_BY_FEATURES - {"broadsheet.operations"}


def imported_modules(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against this module's package
                base = module.rsplit(".", node.level)[0]
                yield f"{base}.{node.module}" if node.module else base
            else:
                yield node.module


def feature_imports(paths, features):
    """Return "file imports module" for every import of one of `features` in `paths`."""
    return [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in paths
        for name in imported_modules(path)
        if any(name == app or name.startswith(app + ".") for app in features)
    ]


def shared_modules():
    for name in SHARED:
        path = PACKAGE / name
        yield from path.rglob("*.py") if path.is_dir() else [path]


def test_the_core_and_shared_machinery_import_no_feature_app():
    assert feature_imports(shared_modules(), feature_apps()) == []


def test_the_core_imports_no_machinery_only_features_use():
    core = [path for app in sorted(CORE) for path in (PACKAGE / app.rsplit(".", 1)[-1]).rglob("*.py")]
    assert core
    assert feature_imports(core, SHARED_BY_FEATURES) == []


def test_a_feature_import_in_the_core_would_be_found(tmp_path, monkeypatch):
    # The check above passes on an empty list: prove it sees a feature import where there is one,
    # written absolute and relative, in a module laid out as the core's are.
    core = PACKAGE / "newsroom"
    planted = [core / "_planted_absolute.py", core / "models" / "_planted_relative.py"]
    planted[0].write_text("from broadsheet.polls.models import Poll\n")
    planted[1].write_text("from ...polls import services\n")
    try:
        found = feature_imports(shared_modules(), feature_apps())
    finally:
        for path in planted:
            path.unlink()
    assert found == [
        "newsroom/_planted_absolute.py imports broadsheet.polls.models",
        "newsroom/models/_planted_relative.py imports broadsheet.polls",
    ]


def setting_paths(value):
    """Yield every string in a setting's value that looks like an address on this site."""
    if isinstance(value, str):
        if value.startswith("/") and not value.startswith("//"):
            yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from setting_paths(key)
            yield from setting_paths(item)
    elif isinstance(value, list | tuple | set):
        for item in value:
            yield from setting_paths(item)


# Django and allauth read these by name: where to go after signing in or out is theirs to ask.
FRAMEWORK_ADDRESSES = {"LOGIN_URL", "LOGIN_REDIRECT_URL", "LOGOUT_REDIRECT_URL"}


def test_settings_name_no_feature_address():
    # A feature declares its own addresses (and their limits) where it lives; settings that named
    # them would have to change with every feature added or removed.
    from django.urls import Resolver404, resolve

    features = tuple(feature_apps())
    offending = []
    for name in dir(settings):
        if name.isupper() and name not in FRAMEWORK_ADDRESSES:
            for path in setting_paths(getattr(settings, name)):
                try:
                    match = resolve(path.replace("$", "").replace(r"\d+", "1"))
                except Resolver404:
                    continue
                if match.func.__module__.startswith(features):
                    offending.append(f"{name}: {path}")
    assert offending == []


def test_core_templates_name_no_feature_app():
    labels = {apps.get_app_config(name.rsplit(".", 1)[-1]).label for name in feature_apps()}
    folders = [PACKAGE / "newsroom" / "templates", PACKAGE / "templates"]
    offending = [
        f"{path.relative_to(PACKAGE)} mentions {label}"
        for folder in folders
        for path in folder.rglob("*.html")
        for label in labels
        if f"{label}:" in path.read_text() or f"{label}/" in path.read_text()
    ]
    assert offending == []


def test_the_poll_block_is_offered_in_the_article_body_by_the_polls_app():
    children = ArticlePage.body.field.stream_block.child_blocks
    assert list(children)[:4] == ["paragraph", "quote", "pull_quote", "image"]
    assert type(children["poll"]).__module__ == "broadsheet.polls.blocks"


def test_a_body_block_registered_too_late_is_refused_loudly():
    from wagtail import blocks

    ArticlePage.body.field.stream_block  # noqa: B018  (the body has been built)
    with pytest.raises(RuntimeError, match="registered after the article body was built"):
        plugins.register_body_block("late", blocks.CharBlock())


@pytest.fixture
def test_action(settings):
    """Register an action-bar item from a template outside the core, as a feature app would."""
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], Path(__file__).parents[1] / "templates"]}
    ]
    saved = list(plugins._slots["article_actions"])
    plugins.register_slot_item(
        "article_actions",
        "plugin_test/action.html",
        order=10,
        cache_dependencies=lambda context: (
            {object_key(ArticlePage, context["page"].pk)} if "page" in context else set()
        ),
    )
    yield
    plugins._slots["article_actions"][:] = saved


def test_a_registered_action_bar_item_appears_in_every_article_and_its_cache_key_refreshes_it(
    client, test_action, make_article, committed
):
    from bs4 import BeautifulSoup

    article = make_article("Plugged in")
    response = client.get(article.url)
    items = BeautifulSoup(response.content, "html.parser").select("ul.action-bar li")
    texts = [li.get_text(strip=True) for li in items]
    assert texts[:2] == ["Link to this article", "Test action for Plugged in"]  # order=10: before the others
    assert client.get(article.url)["X-Page-Cache"] == "hit"
    with committed():
        invalidate({object_key(ArticlePage, article.pk)})  # what the item's feature would do on a change
    assert client.get(article.url)["X-Page-Cache"] == "miss"


def test_unknown_slots_are_refused():
    with pytest.raises(ValueError, match="Unknown slot"):
        plugins.register_slot_item("sidebar", "x.html")
