"""Page budgets and responsive pictures, measured on the pages a running demo site serves."""

import pytest
from bs4 import BeautifulSoup

from audit.pages import CSS_BUDGET, HTML_BUDGET, JS_BUDGET, JS_BUDGETS, image_problems, measure
from audit.pages import PAGES as AUDITED
from broadsheet.newsroom.demo.articles import REFERENCE_SLUG

PAGES = ["/", f"/china/{REFERENCE_SLUG}/", AUDITED["live"]]
# The pages whose pictures are checked one by one (the live blog's are weighed with its budgets).
PICTURED = PAGES[:2]
SCRIPT_BUDGETS = {AUDITED["live"]: JS_BUDGETS["live"]}


@pytest.fixture(scope="module")
def weights(site):
    # The first render makes the picture renditions; budgets hold for what readers then get.
    for path in PAGES:
        measure(site.url + path)
    return {path: measure(site.url + path) for path in PAGES}


@pytest.mark.parametrize("path", PAGES)
def test_front_page_article_and_live_blog_keep_their_byte_budgets(weights, path):
    weight = weights[path]
    assert weight.css and weight.js, "the page's stylesheets and scripts were not found"
    assert weight.html <= HTML_BUDGET
    assert weight.css_total <= CSS_BUDGET
    assert weight.js_total <= SCRIPT_BUDGETS.get(path, JS_BUDGET)
    assert weight.image_problems == []
    assert weight.blocking_elsewhere == []


@pytest.mark.parametrize("path", PICTURED)
def test_every_picture_comes_in_webp_widths_with_its_size_reserved(weights, site, path):
    assert weights[path].image_problems == []
    soup = BeautifulSoup(site_page(site, path), "html.parser")
    pictures = [img for img in soup.find_all("img") if not img["src"].endswith(".svg")]
    assert pictures, "the demo page shows no pictures"
    for img in pictures:
        widths = [part.split()[1] for part in img["srcset"].split(",")]
        assert len(widths) >= 2 and all(w.endswith("w") for w in widths)


def test_the_article_lead_picture_loads_first_and_teasers_wait(site):
    article = BeautifulSoup(site_page(site, PAGES[1]), "html.parser")
    lead = article.select_one(".lead-image img")
    assert lead["fetchpriority"] == "high" and not lead.get("loading")
    front = BeautifulSoup(site_page(site, "/"), "html.parser")
    assert not front.select_one(".teaser-lead img").get("loading")
    assert all(img["loading"] == "lazy" for img in front.select(".section-row img"))


def test_a_plain_picture_is_reported_with_what_it_lacks():
    soup = BeautifulSoup('<img src="/media/a.png" alt=""><img src="/qr.svg" alt="">', "html.parser")
    assert image_problems(soup) == ["/media/a.png: no width, height, srcset, sizes"]
    soup = BeautifulSoup(
        '<img src="/a.png" srcset="/a-480.png 480w, /a-960.png 960w" sizes="100vw" width="960" height="540">',
        "html.parser",
    )
    assert image_problems(soup) == ["/a.png: srcset offers no WebP or AVIF rendition"]


def site_page(site, path):
    from audit.pages import fetch

    return fetch(site.url + path)
