"""The counters in an article's action bar: views from this app, and whatever other apps add (comments)."""

_counters = []


def register_counter(order, count):
    """Add a counter: `count(article_id)` returns (number, singular label, plural label)."""
    if count not in [c for _, c in _counters]:
        _counters.append((order, count))
        _counters.sort(key=lambda pair: pair[0])


def counts_for(article_id):
    """Return [(number, label)] for the article, in display order."""
    shown = []
    for _, count in _counters:
        number, singular, plural = count(article_id)
        shown.append((number, singular if number == 1 else plural))
    return shown
