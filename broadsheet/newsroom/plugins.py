"""The core's plug-in points: how feature apps add to the site without the core knowing them.

A feature app (polls, comments, short links, audio…) registers its parts from its
`AppConfig.ready()`; the core renders whatever is registered and imports no feature. Adding a
feature is adding an app to INSTALLED_APPS.

- body blocks: extra block types for the article's StreamField (`register_body_block`);
- slots: template snippets rendered at fixed places of every page (`register_slot_item`), e.g.
  "head" (stylesheets, scripts), "header" (Listen Live, search), "article_actions" (the action
  bar under the headline), "article_end" (the discussion) and "footer" (groups of links at
  the foot of every page); each may name the cache
  dependency keys of what it shows;
- desk counts: numbers a feature puts on the newsroom's desk and dashboard, each with the page
  where its items are, shown to whoever the feature says may act on them (`register_desk_count`);
- demo content: builders run in order by `manage.py build_demo` (`register_demo`);
- page types under the front page besides sections (About, Contact…), which the front page then
  accepts and routes to (`register_front_page_type`);
- kinds of article a section takes besides the plain article (a live blog), each a subclass of
  the article page, so every listing, feed, sitemap and search shows it (`register_article_type`);
  such a kind may change outside its revisions (`register_change_time`), stay news past the news
  sitemap's window (`register_still_news`) and describe itself in its own JSON-LD
  (`register_structured_data`).
"""

from dataclasses import dataclass, field

SLOTS = ("head", "header", "article_actions", "article_end", "front_aside", "section_aside", "footer")


@dataclass(frozen=True)
class SlotItem:
    template: str
    order: int = 50
    # Given the page's template context, return the dependency keys (built by pagecache) of what
    # the item prints, so a cached page is re-rendered when that changes. On a page, such an item
    # is a kept part of it (`broadsheet.pagecache.parts`): it must print nothing else that changes.
    cache_dependencies: object = field(default=None, compare=False)


_body_blocks = []
_body_blocks_taken = False
_slots = {slot: [] for slot in SLOTS}
_demo_builders = []
_desk_counts = []
_front_page_types = []
_article_types = []
_change_times = []
_still_news = []
_structured_data = {}


def register_body_block(name, block):
    """Offer `block` to editors in every article body, stored under `name` (never rename it)."""
    if _body_blocks_taken:
        # The StreamField builds its block once; a late registration would silently be missing.
        raise RuntimeError(f"Body block {name!r} registered after the article body was built: register in ready().")
    if any(existing == name for existing, _ in _body_blocks):
        raise ValueError(f"A body block named {name!r} is already registered.")
    _body_blocks.append((name, block))


def body_blocks():
    """Return the registered (name, block) pairs, in registration (INSTALLED_APPS) order."""
    global _body_blocks_taken
    _body_blocks_taken = True
    return list(_body_blocks)


def register_slot_item(slot, template, *, order=50, cache_dependencies=None):
    """Render `template` (with the page's context) in `slot` on every page that has that slot."""
    if slot not in _slots:
        raise ValueError(f"Unknown slot {slot!r}; the core offers {', '.join(SLOTS)}.")
    item = SlotItem(template, order, cache_dependencies)
    if item not in _slots[slot]:  # ready() may run twice in tests; register once
        _slots[slot].append(item)
        _slots[slot].sort(key=lambda i: i.order)


def slot_items(slot):
    return list(_slots[slot])


def register_demo(builder, *, order=50):
    """Have `builder(demo)` add to the demo site; `demo` is a dict the earlier builders filled."""
    if builder not in [b for _, b in _demo_builders]:
        _demo_builders.append((order, builder))
        _demo_builders.sort(key=lambda pair: pair[0])


def demo_builders():
    return [builder for _, builder in _demo_builders]


@dataclass(frozen=True)
class DeskCount:
    """A number on the desk: `count(user)` is None for a user it is not for, else how many items wait.

    `label` is (one, many): "1 flagged comment", "3 flagged comments".
    """

    name: str
    label: tuple
    count: object = field(compare=False)
    url: object = field(compare=False)  # a callable returning the address of the items
    order: int = 50


def register_desk_count(name, label, count, url, *, order=50):
    """Show `count(user)` and `label` (one, many) on the desk of each user it gives a number for, linking to `url()`."""
    if isinstance(label, str) or len(label) != 2:
        raise ValueError(f"Desk count {name!r}: give its label as (one, many), e.g. ('new tag', 'new tags').")
    if name not in [existing.name for existing in _desk_counts]:
        _desk_counts.append(DeskCount(name, tuple(label), count, url, order))
        _desk_counts.sort(key=lambda item: item.order)


def desk_counts(user):
    """Return [(label, number, address)] of the registered counts this user is shown, in order."""
    shown = []
    for item in _desk_counts:
        number = item.count(user)
        if number is not None:
            shown.append((item.label[0] if number == 1 else item.label[1], number, item.url()))
    return shown


def register_front_page_type(model):
    """Let editors add pages of `model` (a Wagtail page class) under the front page, beside the sections."""
    if model not in _front_page_types:
        _front_page_types.append(model)


def front_page_types():
    return list(_front_page_types)


def register_article_type(model):
    """Let editors add pages of `model` (a subclass of the article page) in sections, beside articles."""
    if model not in _article_types:
        _article_types.append(model)


def article_types():
    return list(_article_types)


@dataclass(frozen=True)
class ChangeTime:
    """A moment a kind of article changes for readers beyond its revisions, and the key that moves with it."""

    # Given an OuterRef to an article's id, return a database expression of that moment (NULL for
    # articles it does not concern).
    expression: object = field(compare=False)
    # The dependency key (built by pagecache) its receiver invalidates whenever that moment moves:
    # lists that print every article's change time (sitemaps) depend on it.
    dependency: str = ""


def register_change_time(expression, dependency):
    """Count `expression(article_id)` in when every article last changed (feeds, sitemaps, the demo's dates).

    `dependency` is the key the feature invalidates whenever that moment moves.
    """
    if dependency not in [existing.dependency for existing in _change_times]:
        _change_times.append(ChangeTime(expression, dependency))


def change_times():
    return list(_change_times)


def register_still_news(condition):
    """Keep the articles `condition()` selects (a Q over articles) in the news sitemap however old they are."""
    if condition not in _still_news:
        _still_news.append(condition)


def still_news():
    return list(_still_news)


def register_structured_data(model, builder):
    """Have `builder(page, data)` return the JSON-LD of `model`'s pages, given the core's for an article."""
    _structured_data[model] = builder


def structured_data_builder(page):
    """Return the JSON-LD builder registered for this page's class or the nearest class above it, or None."""
    for cls in type(page).__mro__:
        if cls in _structured_data:
            return _structured_data[cls]
    return None
