"""The demo site: the newsroom, then what every installed feature app adds to it."""

import time

from django.db import transaction

from broadsheet.newsroom import plugins
from broadsheet.newsroom.demo.build import build_synthetic_articles, newsroom_is_empty


@transaction.atomic
def build_demo():
    """Run every registered demo builder in order and return what they made (a dict)."""
    demo = {}
    for builder in plugins.demo_builders():
        builder(demo)
    return demo


def build_demo_site(*, size=0, if_empty=False, stdout=None):
    """Build the demo site on an empty database (and `size` generated articles); return the reference article."""
    if if_empty and not newsroom_is_empty():
        return None
    started = time.monotonic()
    reference = build_demo()["reference"] if newsroom_is_empty() else None
    if size:
        build_synthetic_articles(size, stdout=stdout)
    if stdout:
        stdout.write(f"Done in {time.monotonic() - started:.1f}s.")
    return reference
