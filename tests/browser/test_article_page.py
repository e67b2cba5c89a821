"""A reader's path through the site in a real Chromium, with screenshots and an accessibility audit."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from broadsheet.newsroom.demo.articles import REFERENCE_SLUG
from tests.reference import REFERENCE_DATELINE, REFERENCE_TAGS

pytestmark = pytest.mark.browser

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.mark.parametrize("device", VIEWPORTS)
def test_reader_follows_front_page_link_to_the_reference_article(site, browser, screenshots, device):
    page = browser.new_page(viewport=VIEWPORTS[device])
    page.goto(site.url + "/")
    page.screenshot(path=screenshots / f"front-{device}.png", full_page=True)
    page.get_by_role("link", name="China and Russia will not form a military alliance, analysts say").first.click()
    page.wait_for_url(f"**/{REFERENCE_SLUG}/")

    assert page.locator("h1").inner_text() == "China and Russia will not form a military alliance, analysts say"
    dateline = page.locator(".datelines time").first
    assert dateline.inner_text() == REFERENCE_DATELINE
    assert dateline.get_attribute("datetime") == "2020-01-23T17:48:00+00:00"
    assert page.locator(".tag-row a").all_inner_texts() == REFERENCE_TAGS
    assert len(page.locator(".related a").all()) == 5
    assert page.locator("ul.action-bar").is_visible()
    # The account fragment replaced its no-JavaScript fallback after load.
    page.wait_for_selector("[data-fragment='/f/account/'][data-fragment-loaded]")
    page.screenshot(path=screenshots / f"article-{device}.png", full_page=True)
    page.close()


def test_article_reads_fully_with_javascript_off(site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site.url}/china/{REFERENCE_SLUG}/")
    assert page.locator(".tag-row a").count() == 10
    assert page.get_by_role("link", name="Sign in").is_visible()
    context.close()


@pytest.mark.parametrize("path", ["/", f"/china/{REFERENCE_SLUG}/", "/china/", "/tags/china/", "/authors/li-wei/"])
def test_pages_have_no_serious_accessibility_violations(site, browser, path):
    page = browser.new_page()
    page.goto(site.url + path)
    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in serious]
    page.close()


def test_keyboard_user_can_skip_to_content(site, browser):
    page = browser.new_page()
    page.goto(site.url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    page.close()


@pytest.mark.parametrize("path", ["/", f"/china/{REFERENCE_SLUG}/", "/china/"])
@pytest.mark.parametrize("width", [320, 390])
def test_no_page_is_wider_than_a_phone(site, browser, path, width):
    """Everything features add to the header and the action bar must wrap, never scroll sideways."""
    page = browser.new_page(viewport={"width": width, "height": 800})
    page.goto(site.url + path)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.close()


BLOCKS_ARTICLE = """
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from broadsheet.newsroom.demo.build import demo_image
from broadsheet.newsroom.factories import create_article
from broadsheet.newsroom.models import ArticlePage, Author, SectionPage

video = "https://www.youtube.com/watch?v=abc123"
post = "https://x.com/newsroom/status/1234"
Embed.objects.get_or_create(hash=get_embed_hash(video), defaults=dict(
    url=video, type="video", title="Launch of the probe", provider_name="YouTube",
    html='<iframe src="https://www.youtube-nocookie.com/embed/abc123"></iframe>'))
Embed.objects.get_or_create(hash=get_embed_hash(post), defaults=dict(
    url=post, type="rich", title="", provider_name="X",
    html='<blockquote><p>Polls close at eight tonight.</p>— Newsroom '
         '<a href="https://x.com/newsroom/status/1234">28 November</a></blockquote>'))
target = ArticlePage.objects.visible().get(slug="russian-gas-could-cut-chinas-reliance-on-coal")
body = [
    ("paragraph", "<p>Every block an editor can add, as readers see it.</p>"),
    ("embed", video),
    ("gallery", {"title": "The launch in pictures", "images": [
        {"image": demo_image("g1", "Gallery one"), "caption": "On the pad", "credit": "Photo: Broadsheet"},
        {"image": demo_image("g2", "Gallery two"), "caption": "Lift-off", "credit": ""},
        {"image": demo_image("g3", "Gallery three"), "caption": "Over the sea", "credit": ""}]}),
    ("fact_box", {"title": "The mission in numbers",
                  "facts": "<ul><li>Three stages</li><li>Nine minutes to orbit</li></ul>"}),
    ("table", {"data": [["Stage", "Burn time", "Thrust"], ["First", "162 s", "7,600 kN"],
                        ["Second", "397 s", "981 kN"]],
               "first_row_is_table_header": True, "first_col_is_header": True, "table_caption": "The rocket's stages"}),
    ("embed", post),
    ("read_more", {"article": target, "label": "Read more"}),
]
article = create_article(SectionPage.objects.get(slug="world"), "Every newsroom block in one story", slug="every-block",
    body=body, authors=[Author.objects.first()], dateline_place="Baikonur")
print(article.url)
"""


@pytest.fixture
def blocks_article(site):
    path = site.shell(BLOCKS_ARTICLE).strip().splitlines()[-1]
    yield path
    site.shell(
        "from broadsheet.newsroom.models import ArticlePage; ArticlePage.objects.get(slug='every-block').delete()"
    )


@pytest.mark.parametrize("device", VIEWPORTS)
def test_an_article_with_every_newsroom_block_reads_well_and_passes_axe(
    site, browser, screenshots, blocks_article, device
):
    page = browser.new_page(viewport=VIEWPORTS[device])
    page.goto(site.url + blocks_article)
    assert page.locator("figure.embed iframe").first.get_attribute("title") == "YouTube video: Launch of the probe"
    assert page.locator(".gallery-grid li").count() == 3
    assert page.get_by_role("complementary", name="The mission in numbers").is_visible()
    assert page.get_by_role("region", name="The rocket's stages").is_visible()
    assert (
        page.locator("p.read-more a").inner_text()
        == "Russian gas could cut China's reliance on coal, energy experts say"
    )
    # Nothing pushes the page sideways on a phone: a wide table scrolls in its own box.
    assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS[device]["width"]
    page.screenshot(path=screenshots / f"article-blocks-{device}.png", full_page=True)
    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in serious]
    page.close()


def test_on_a_phone_the_section_bar_shows_it_scrolls_and_keyboard_reaches_every_section(site, browser, screenshots):
    page = browser.new_page(viewport=VIEWPORTS["phone"])
    page.goto(site.url + "/")
    bar = page.locator(".sections-nav ul")
    assert bar.evaluate("el => el.scrollWidth > el.clientWidth"), "the sections fit: nothing to hint"
    # The edge with more sections fades out: a mask over the bar, not an element that moves anything.
    assert bar.evaluate("el => getComputedStyle(el).maskImage || getComputedStyle(el).webkitMaskImage") != "none"
    height = bar.bounding_box()["height"]
    page.screenshot(path=screenshots / "sections-bar-phone.png", clip={"x": 0, "y": 0, "width": 390, "height": 220})
    last = page.locator(".sections-nav a").last
    last.focus()
    assert last.inner_text() == "Opinion"
    box, bar_box = last.bounding_box(), bar.bounding_box()
    assert box["x"] + box["width"] <= bar_box["x"] + bar_box["width"] + 1  # focus scrolled it into view
    assert bar.bounding_box()["height"] == height  # no layout shift
    page.screenshot(
        path=screenshots / "sections-bar-phone-scrolled.png", clip={"x": 0, "y": 0, "width": 390, "height": 220}
    )
    page.close()


@pytest.mark.parametrize("width, across", [(1280, 4), (700, 2)])
def test_a_front_page_row_stays_aligned_when_a_story_has_no_picture(site, browser, screenshots, width, across):
    slug = "russian-gas-could-cut-chinas-reliance-on-coal"
    change = (
        "from broadsheet.newsroom.models import ArticlePage; from wagtail.images.models import Image; "
        f"a = ArticlePage.objects.get(slug='{slug}'); "
        "a.lead_image = {image}; a.save_revision().publish(); print(a.get_parent().slug)"
    )
    section = site.shell(change.format(image="None")).strip()
    try:
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.goto(site.url + "/")
        row = page.locator(f"section.section-row[aria-labelledby='row-{section}']")
        assert row.locator("li").nth(0).locator("img").count() == 0 or row.locator("img").count() == 3
        headlines = row.locator(".teaser-headline")
        tops = [round(headlines.nth(i).bounding_box()["y"]) for i in range(headlines.count())]
        for start in range(0, len(tops), across):
            line = tops[start : start + across]
            assert max(line) - min(line) <= 1, tops
        row.screenshot(path=screenshots / f"front-row-without-picture-{width}.png")
        page.close()
    finally:
        site.shell(change.format(image="Image.objects.filter(title__contains='Russian gas').first()"))
