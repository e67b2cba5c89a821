"""Factories for newsroom content: used by the tests and by the demo newsroom builder."""

import colorsys
import io
import random
from datetime import UTC, datetime

import factory
from django.core.files.images import ImageFile
from django.utils.text import slugify
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images.models import Image
from wagtail.models import Page, Site

from .addresses import site_host_and_port
from .models import ArticleByline, ArticlePage, ArticleTag, Author, Correction, HomePage, SectionPage, Tag


def picture_file(seed, size=(1600, 900), label=""):
    """Return a PNG of soft bands and circles drawn from a seed: our own pictures, the same every time."""
    rng = random.Random(seed)
    hue = rng.random()
    image = PILImage.new("RGB", size)
    draw = ImageDraw.Draw(image)
    width, height = size
    for y in range(height):
        r, g, b = colorsys.hls_to_rgb(hue, 0.25 + 0.45 * y / height, 0.45)
        draw.line([(0, y), (width, y)], fill=(int(r * 255), int(g * 255), int(b * 255)))
    for _ in range(6):
        radius = rng.randint(height // 10, height // 3)
        x, y = rng.randint(0, width), rng.randint(0, height)
        r, g, b = colorsys.hls_to_rgb((hue + rng.uniform(-0.15, 0.15)) % 1, rng.uniform(0.3, 0.8), 0.5)
        draw.ellipse([x - radius, y - radius, x + radius, y + radius], fill=(int(r * 255), int(g * 255), int(b * 255)))
    if label:
        draw.text((width // 20, height - height // 8), label, fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return ImageFile(buffer, name=f"picture-{seed}.png")


class ImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Image

    title = factory.Sequence(lambda n: f"Picture {n}")
    file = factory.LazyAttribute(lambda o: picture_file(o.title, size=(640, 360)))


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Reporter {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    role = "Correspondent"


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"topic {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    kind = Tag.Kind.TOPIC


def home_page():
    """Return the site's home page, making it (and pointing the default site at it) the first time."""
    home = HomePage.objects.first()
    if home:
        return home
    # Wagtail's "Welcome to your new Wagtail site!" page stands where the home page goes.
    Page.objects.filter(depth=2, content_type__model="page", content_type__app_label="wagtailcore").delete()
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Home", slug="home"))
    home.save_revision().publish()
    hostname, port = site_host_and_port()
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": hostname, "port": port, "root_page": home, "site_name": "Broadsheet"},
    )
    return home


def section_page(title, slug=None, intro=""):
    """Return the live section with this slug, making it under the home page if it does not exist."""
    slug = slug or slugify(title)
    existing = SectionPage.objects.filter(slug=slug).first()
    if existing:
        return existing
    section = home_page().add_child(instance=SectionPage(title=title, slug=slug, intro=intro))
    section.save_revision().publish()
    return section


def paragraphs_body(paragraphs):
    return [("paragraph", f"<p>{text}</p>") for text in paragraphs]


def create_article(
    section=None,
    title="A headline",
    *,
    slug=None,
    standfirst="A standfirst that sums up the story.",
    body=None,
    authors=(),
    tags=(),
    corrections=(),
    published_at=None,
    publish=True,
    page_class=None,
    **fields,
):
    """Create an article in a section, with bylines, tags and (moment, note) corrections, published at a moment.

    `page_class` makes a kind of article a feature registered (a live blog) instead.
    """
    section = section or section_page("World")
    article = (page_class or ArticlePage)(
        title=title,
        slug=slug or slugify(title)[:80],
        standfirst=standfirst,
        body=body if body is not None else paragraphs_body(["First paragraph.", "Second paragraph."]),
        first_published_at=published_at,
        live=publish,
        **fields,
    )
    for order, author in enumerate(authors or [AuthorFactory()]):
        article.bylines.add(ArticleByline(author=author, sort_order=order))
    for order, tag in enumerate(tags):
        article.tags.add(ArticleTag(tag=tag, sort_order=order))
    for moment, note in corrections:
        article.corrections.add(Correction(published_at=moment, note=note))
    section.add_child(instance=article)
    revision = article.save_revision()
    if publish:
        revision.publish()
        article.refresh_from_db()
    return article


def aware(local_text, zone):
    """Return the UTC moment of 'YYYY-MM-DD HH:MM' read in a time zone."""
    naive = datetime.strptime(local_text, "%Y-%m-%d %H:%M")
    return naive.replace(tzinfo=zone).astimezone(UTC)


__all__ = [
    "AuthorFactory",
    "ImageFactory",
    "TagFactory",
    "aware",
    "create_article",
    "home_page",
    "paragraphs_body",
    "picture_file",
    "section_page",
]
