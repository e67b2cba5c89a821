"""Answers the front gives before Django's middleware and URL routing run, for the hottest simple endpoints.

An app registers a handler for one exact path (the view beacon, hit once per page view by every
reader). The front calls it with the request's WSGI environ in a Django thread; the handler
answers with an HttpResponse, or None to let Django handle the request as usual. Nothing of the
middleware stack runs for an early answer, so a handler may only do what needs none of it: no
session, no user, no CSRF (its endpoint must be one that takes none), no page cache.

A handler may also offer `on_loop(environ)`, called on the event loop itself, without the hop to a
Django thread, for answers that need no blocking work (no database, no lock held for long); it
returns None when it cannot answer there, and `handler` then runs in a thread as usual.
"""

_handlers = {}
_on_loop = {}


def register_early_answer(path, handler, *, on_loop=None):
    """Have the front answer requests for `path` with `handler(environ)` before Django runs."""
    _handlers[path] = handler
    if on_loop is not None:
        _on_loop[path] = on_loop


def early_answer_for(path):
    return _handlers.get(path)


def loop_answer_for(path):
    return _on_loop.get(path)
