"""Short links against a real running site (granian, two workers): guessing and parallel clicks."""

import json
import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from broadsheet.links.models import ALPHABET, CODE_LENGTH

from ..readers import reader_session
from .conftest import BROWSER

pytestmark = pytest.mark.concurrency


def run(site, code):
    return json.loads(site.shell(code).strip().splitlines()[-1])


def new_link(site, name):
    """Make a tag with a short link on the site; return the link's code and id."""
    return run(
        site,
        f"""
import json
from broadsheet.newsroom.models import Tag
from broadsheet.links.services import shorten
link, _ = shorten(Tag.objects.create(name="{name}", slug="{name}"))
print(json.dumps({{"code": link.code, "id": link.pk}}))
""",
    )


def clicks_stored(site, link_id):
    return run(
        site,
        f"""
import json
from django.db.models import Sum
from broadsheet.links.models import DailyClicks
print(json.dumps(DailyClicks.objects.filter(link_id={link_id}).aggregate(n=Sum("clicks"))["n"] or 0))
""",
    )


def in_parallel(function, items, workers=32):
    sessions = {}

    def call(item):
        session = sessions.setdefault(threading.get_ident(), requests.Session())
        return function(session, item)

    with ThreadPoolExecutor(workers) as pool:
        return list(pool.map(call, items))


def test_a_thousand_readers_clicking_one_link_at_once_count_a_thousand_and_one_reader_a_hundred_times_once(site):
    link = new_link(site, "concurrency-clicks")

    def click(n):
        """Reader number `n` clicks once, from a network of its own."""
        with reader_session(n) as session:
            response = session.get(
                f"{site.url}/s/{link['code']}", headers={"User-Agent": BROWSER}, allow_redirects=False, timeout=30
            )
        return response.status_code

    # A thousand readers, then reader 5000 clicking a hundred times at once (both server workers).
    with ThreadPoolExecutor(50) as pool:
        statuses = list(pool.map(click, [*range(1000), *[5000] * 100]))
    assert statuses == [302] * 1100
    # The server writes its counts every COUNT_FLUSH_SECONDS (5): wait for them, then one more
    # interval to see that nothing is written twice.
    deadline = time.monotonic() + 30
    while clicks_stored(site, link["id"]) < 1001 and time.monotonic() < deadline:
        time.sleep(1)
    time.sleep(6)
    assert clicks_stored(site, link["id"]) == 1001


def test_a_thousand_random_codes_find_no_page(site):
    codes = run(
        site,
        """
import json
from broadsheet.links.models import ShortLink
from broadsheet.newsroom.models import ArticlePage
visible = ShortLink.objects.filter(page__in=ArticlePage.objects.visible()).first()
print(json.dumps({"all": list(ShortLink.objects.values_list("code", flat=True)), "visible": visible.code}))
""",
    )
    real = set(codes["all"])
    assert len(real) > 10  # the demo newsroom's articles, sections, tags and authors
    rng = random.Random(10_000)
    guesses = set()
    while len(guesses) < 1_000:
        guess = "".join(rng.choice(ALPHABET) for _ in range(CODE_LENGTH))
        if guess not in real:
            guesses.add(guess)

    def follow(session, code):
        response = session.get(f"{site.url}/s/{code}", headers={"User-Agent": BROWSER}, allow_redirects=False)
        return code, response.status_code

    found = [(code, status) for code, status in in_parallel(follow, sorted(guesses)) if status != 404]
    assert found == []
    # A real code asked for the same way is found: the 404s are not the server refusing everything.
    assert in_parallel(follow, [codes["visible"]]) == [(codes["visible"], 302)]


def test_the_demo_articles_have_short_links_shown_in_their_action_bar(site):
    demo = run(
        site,
        """
import json
from broadsheet.links.models import DailyClicks, ShortLink
from broadsheet.newsroom.models import ArticlePage
articles = ArticlePage.objects.visible()
print(json.dumps({
    "articles": articles.count(),
    "linked": ShortLink.objects.filter(page__in=articles).count(),
    "clicks": DailyClicks.objects.count(),
    "first": [articles.order_by("pk").first().url, ShortLink.objects.get(page=articles.order_by("pk").first()).code],
}))
""",
    )
    assert demo["articles"] == demo["linked"] > 0
    assert demo["clicks"] > 0
    url, code = demo["first"]
    page = requests.get(f"{site.url}{url}", timeout=10).text
    assert f"/s/{code}" in page and "Get short URL" in page
    response = requests.get(f"{site.url}/s/{code}", headers={"User-Agent": BROWSER}, allow_redirects=False)
    assert response.status_code == 302 and response.headers["Cache-Control"] == "no-store"
