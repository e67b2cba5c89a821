"""Build the demo newsroom: the same sections, staff, tags and articles every time."""

import random
import time
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from wagtail.images.models import Image
from wagtail.models import Page

from broadsheet.private_apis import next_tree_path

from ..datelines import newsroom_zone
from ..factories import (
    AuthorFactory,
    TagFactory,
    aware,
    create_article,
    home_page,
    paragraphs_body,
    picture_file,
    section_page,
)
from ..models import (
    ArticleByline,
    ArticlePage,
    ArticleTag,
    Author,
    HomePage,
    HomeTopStory,
    RelatedArticle,
    SectionPage,
    Tag,
)
from ..related import store_related
from ..signals import articles_imported
from ..sitemaps import changed_at
from .articles import ARTICLES, REFERENCE_SLUG, SHORT_STORIES
from .people import AUTHORS, SECTIONS, TAGS


def demo_image(seed, title):
    image = Image.objects.filter(title=title).first()
    return image or Image.objects.create(title=title, file=picture_file(seed))


def body_of(items):
    blocks = []
    for kind, *values in items:
        if kind == "p":
            blocks.append(("paragraph", f"<p>{values[0]}</p>"))
        elif kind == "quote":
            blocks.append(("quote", {"text": values[0], "attribution": values[1]}))
        elif kind == "pull":
            blocks.append(("pull_quote", {"text": values[0], "attribution": ""}))
        elif kind == "facts":
            blocks.append(("fact_box", {"title": values[0], "facts": values[1]}))
    return blocks


def date_demo_pages(demo):
    """Date every demo page by its stories, not by the build (the last demo builder).

    The build publishes each article now, so Wagtail's last_published_at, the latest revision's time
    and every page above would say the whole newsroom changed at once, minutes ago. An article is
    dated when it last changed for readers (its publication, or its latest correction); a section
    and the front page by their newest article, and first published with the oldest.
    """
    articles = ArticlePage.objects.live().annotate(moment=changed_at())
    moments = dict(articles.values_list("pk", "moment"))
    if not moments:
        return
    for article in articles.only("pk"):
        moment = moments[article.pk]
        Page.objects.filter(pk=article.pk).update(last_published_at=moment, latest_revision_created_at=moment)
        article.revisions.update(created_at=moment)
    oldest = min(moments.values())
    for page in [*SectionPage.objects.all(), *HomePage.objects.all()]:
        under = ArticlePage.objects.live().descendant_of(page).values_list("pk", flat=True)
        newest = max((moments[pk] for pk in under if pk in moments), default=oldest)
        Page.objects.filter(pk=page.pk).update(
            first_published_at=oldest, last_published_at=newest, latest_revision_created_at=newest
        )
        page.revisions.update(created_at=newest)


def newsroom_is_empty():
    return not ArticlePage.objects.exists()


def add_demo_newsroom(demo):
    """Build the newsroom for the demo site (the first demo builder): feature apps add to it after."""
    demo["zone"] = newsroom_zone()
    demo["reference"] = build_demo_newsroom()


@transaction.atomic
def build_demo_newsroom():
    """Create the demo newsroom on an empty site and return the reference-like article."""
    zone = newsroom_zone()
    home = home_page()
    sections = {slug: section_page(title, slug, intro) for title, slug, intro in SECTIONS}
    authors = {}
    for index, (name, slug, role, bio) in enumerate(AUTHORS):
        author = AuthorFactory(name=name, slug=slug, role=role, bio=bio)
        if not author.photo:
            author.photo = demo_image(f"author-{index}", f"Portrait: {name}")
            author.save()
        authors[slug] = author
    tags = {slug: TagFactory(name=name, slug=slug, kind=kind) for name, slug, kind in TAGS}

    stories = list(ARTICLES) + [
        {
            "slug": slug,
            "section": section,
            "title": title,
            "standfirst": standfirst,
            "authors": by,
            "tags": tagged,
            "at": at,
            "place": place,
            "body": [("p", text) for text in paragraphs],
        }
        for slug, section, title, standfirst, by, tagged, at, place, paragraphs in SHORT_STORIES
    ]
    created = {}
    for index, story in enumerate(sorted(stories, key=lambda s: s["at"])):
        created[story["slug"]] = create_article(
            sections[story["section"]],
            story["title"],
            slug=story["slug"],
            standfirst=story["standfirst"],
            body=body_of(story["body"]),
            authors=[authors[a] for a in story["authors"]],
            tags=[tags[t] for t in story["tags"]],
            corrections=[(aware(moment, zone), note) for moment, note in story.get("corrections", [])],
            published_at=aware(story["at"], zone),
            dateline_place=story["place"],
            lead_image=demo_image(f"lead-{index}", f"Illustration: {story['title']}"),
            lead_image_caption=f"An illustration for “{story['title']}”.",
            lead_image_credit="Illustration: Broadsheet",
        )
    for story in stories:
        for order, slug in enumerate(story.get("related", [])):
            RelatedArticle.objects.create(source=created[story["slug"]], article=created[slug], sort_order=order)

    # Scored here rather than by the worker, so a demo built by `make demo` or a test is complete at once.
    for article in created.values():
        store_related(article)

    reference = created[REFERENCE_SLUG]
    home = HomePage.objects.get(pk=home.pk)  # the tree counts changed since it was loaded
    home.lead_story = reference
    home.save_revision().publish()
    picks = ["arms-control-treaty-future-in-doubt", "central-bank-holds-key-rate-steady", "china-air-quality-improves"]
    for order, slug in enumerate(picks):
        HomeTopStory.objects.create(home=home, article=created[slug], sort_order=order)
    return reference


def build_synthetic_articles(count, stdout=None, batch=2000):
    """Add `count` generated articles straight into the page tree, for benchmarks.

    Wagtail's add_child and publish cost many queries per page; this writes the same rows in
    batches, with tree paths computed here, so a large newsroom takes minutes rather than hours.
    """
    sections = list(SectionPage.objects.order_by("path"))
    authors = list(Author.objects.all()) or [AuthorFactory()]
    tags = list(Tag.objects.all()) or [TagFactory()]
    rng = random.Random(20200123)
    content_type = ContentType.objects.get_for_model(ArticlePage)
    oldest = ArticlePage.objects.order_by("first_published_at").values_list("first_published_at", flat=True).first()
    oldest = oldest or aware("2020-01-17 00:00", newsroom_zone())
    last_paths = {
        s.pk: Page.objects.child_of(s).order_by("-path").values_list("path", flat=True).first() for s in sections
    }
    start = time.monotonic()
    made = 0
    while made < count:
        size = min(batch, count - made)
        with transaction.atomic():
            pages = []
            for n in range(made, made + size):
                section = sections[n % len(sections)]
                path = last_paths[section.pk] = next_tree_path(section, last_paths[section.pk])
                # Older than the hand-written stories, so the demo's front page stays the same.
                moment = oldest - timedelta(minutes=7 * (n + 1))
                title = f"Briefing {n + 1}: {rng.choice(SYNTHETIC_SUBJECTS)}"
                slug = f"briefing-{n + 1}"
                pages.append(
                    ArticlePage(
                        title=title,
                        draft_title=title,
                        slug=slug,
                        path=path,
                        depth=section.depth + 1,
                        url_path=f"{section.url_path}{slug}/",
                        content_type=content_type,
                        live=True,
                        first_published_at=moment,
                        last_published_at=moment,
                        locale_id=section.locale_id,
                        standfirst="A generated briefing used to measure the site at newsroom scale.",
                        body=paragraphs_body(["Generated first paragraph.", "Generated second paragraph."]),
                    )
                )
            for page in pages:
                page.save_base()  # the page row, then the article row; skips Page.save's per-page checks
            ArticleByline.objects.bulk_create(
                ArticleByline(article=page, author=rng.choice(authors), sort_order=0) for page in pages
            )
            ArticleTag.objects.bulk_create(
                ArticleTag(article=page, tag=tag, sort_order=order)
                for page in pages
                for order, tag in enumerate(rng.sample(tags, min(3, len(tags))))
            )
            for section in sections:
                Page.objects.filter(pk=section.pk).update(numchild=Page.objects.child_of(section).count())
        articles_imported.send(sender=ArticlePage, pks=[page.pk for page in pages])
        made += size
        if stdout:
            stdout.write(f"  {made}/{count} articles ({time.monotonic() - start:.0f}s)")
    # Fresh planner statistics: without them SQLite picks poor plans on a tree this size.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return made


SYNTHETIC_SUBJECTS = ["ministers meet", "markets open", "weather warning", "port traffic", "talks resume"]
