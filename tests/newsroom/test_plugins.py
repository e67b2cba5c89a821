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


def feature_apps():
    """Return the names of our installed apps that are features (not the core, not site operations)."""
    ours = {config.name for config in apps.get_app_configs() if config.name.startswith("broadsheet.")}
    return ours - CORE - {"broadsheet.operations"}


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


def test_there_are_feature_apps_to_keep_out_of_the_core():
    assert "broadsheet.polls" in feature_apps()


def test_newsroom_imports_no_feature_app():
    offending = []
    for path in (PACKAGE / "newsroom").rglob("*.py"):
        for name in imported_modules(path):
            if any(name == app or name.startswith(app + ".") for app in feature_apps()):
                offending.append(f"{path.relative_to(PACKAGE)} imports {name}")
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
