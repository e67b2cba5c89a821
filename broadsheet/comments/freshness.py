"""The version of an article's discussion: bumped on every change, so cached fragments are replaced at once."""

import secrets

from django.core.cache import cache
from django.db import transaction


def version_key(article_id):
    return f"comments:version:{article_id}"


def discussion_version(article_id):
    return cache.get(version_key(article_id)) or "0"


def discussion_changed(article_id):
    """Give the article's discussion a new version once the change commits (the article's page is untouched)."""
    transaction.on_commit(lambda: cache.set(version_key(article_id), secrets.token_hex(6), timeout=None))
