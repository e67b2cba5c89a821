"""What a reader's browser downloads for one page: its weight against the budgets, and its pictures.

Used by `make audit` against a running site and by the tests that hold the budgets. Counts the
bytes as served, uncompressed, and leaves pictures out: pictures are judged by how they are
offered (sizes, formats, reserved space), not by a byte budget.
"""

import urllib.request
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup

from broadsheet.newsroom.demo.articles import REFERENCE_SLUG

# The pages `make audit` measures, by name: the two most read, the demo live blog (a spike's page),
# and the two a new reader fills in.
PAGES = {
    "front": "/",
    "article": f"/china/{REFERENCE_SLUG}/",
    # broadsheet/live/demo.py's SECTION and SLUG, spelled out: that module needs Django set up.
    "live": "/russia/live-xi-jinping-in-moscow-day-two-of-the-summit/",
    "signup": "/accounts/signup/",
    "signin": "/accounts/login/",
}

# Issue 13's budgets, per page, uncompressed: the HTML without pictures, and every stylesheet and
# script the page loads.
HTML_BUDGET = 50 * 1024
CSS_BUDGET = 30 * 1024
JS_BUDGET = 20 * 1024
# A live blog loads everything an article does plus its own client (polling the updates, placing
# entries without moving the reader: about 6 KB minified), which gets this much on top.
LIVE_CLIENT_ALLOWANCE = 7 * 1024
JS_BUDGETS = {"live": JS_BUDGET + LIVE_CLIENT_ALLOWANCE}
# Formats a modern browser decodes in a fraction of a JPEG's or PNG's bytes.
MODERN_FORMATS = (".webp", ".avif")


@dataclass
class PageWeight:
    url: str
    html: int
    css: dict = field(default_factory=dict)  # address -> bytes
    js: dict = field(default_factory=dict)
    blocking_elsewhere: list = field(default_factory=list)  # render-blocking files from another origin
    image_problems: list = field(default_factory=list)

    @property
    def css_total(self):
        return sum(self.css.values())

    @property
    def js_total(self):
        return sum(self.js.values())

    def over_budget(self, js_budget=JS_BUDGET):
        """Return what breaks a budget, in words; empty when the page keeps all of them."""
        problems = []
        for label, size, budget in (
            ("HTML", self.html, HTML_BUDGET),
            ("CSS", self.css_total, CSS_BUDGET),
            ("JavaScript", self.js_total, js_budget),
        ):
            if size > budget:
                problems.append(f"{label} {size:,} bytes is over its {budget:,}-byte budget")
        problems += [f"render-blocking from another origin: {url}" for url in self.blocking_elsewhere]
        return problems + self.image_problems


def fetch(url):
    # Addresses come from the site under audit (its own http://127.0.0.1 pages), never from input.
    with urllib.request.urlopen(url, timeout=30) as response:  # nosec B310
        return response.read()


def image_problems(soup):
    """Return each content picture that is not responsive: no srcset and sizes, no modern format, no size."""
    problems = []
    for img in soup.find_all("img"):
        src = img.get("src", "")
        if src.endswith(".svg"):
            continue  # vector pictures (QR codes, icons) scale by themselves
        missing = [a for a in ("width", "height", "srcset", "sizes") if not img.get(a)]
        if missing:
            problems.append(f"{src}: no {', '.join(missing)}")
        offered = [part.split()[0] for part in img.get("srcset", "").split(",") if part.strip()]
        if offered and not all(u.lower().endswith(MODERN_FORMATS) for u in offered):
            problems.append(f"{src}: srcset offers no WebP or AVIF rendition")
    return problems


def measure(url):
    """Download a page and everything it asks for before it can show and run; return its PageWeight."""
    html = fetch(url)
    soup = BeautifulSoup(html, "html.parser")
    origin = urlsplit(url)[:2]
    weight = PageWeight(url=url, html=len(html), image_problems=image_problems(soup))
    for link in soup.find_all("link", rel="stylesheet"):
        address = urljoin(url, link["href"])
        weight.css[address] = len(fetch(address))
        if urlsplit(address)[:2] != origin and link.get("media") in (None, "", "all", "screen"):
            weight.blocking_elsewhere.append(address)
    for script in soup.find_all("script", src=True):
        address = urljoin(url, script["src"])
        weight.js[address] = len(fetch(address))
        blocking = not (script.has_attr("defer") or script.has_attr("async") or script.get("type") == "module")
        if urlsplit(address)[:2] != origin and blocking:
            weight.blocking_elsewhere.append(address)
    return weight
