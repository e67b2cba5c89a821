"""Making short links and following them."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.models import Page

from broadsheet.newsroom.addresses import absolute, page_url
from broadsheet.newsroom.models import ArticlePage, Author, SectionPage, Tag
from broadsheet.pagecache.dependencies import NAVIGATION, page_key, remember

from .models import CODE_PATTERN, ShortLink

# The pages an editor may make a link for; articles get theirs when first published.
SHORTENED_PAGE_TYPES = (ArticlePage, SectionPage)


def shorten(target):
    """Return (the short link of `target`, whether it was made now): a page, a tag or an author.

    One link per target, kept by database constraints; a race between two publishers ends with
    the one link either of them made.
    """
    field = target_field(target)
    for _ in range(5):
        existing = ShortLink.objects.filter(**{field: target}).first()
        if existing:
            return existing, False
        try:
            with transaction.atomic():
                return ShortLink.objects.create(**{field: target}), True
        except IntegrityError:
            # Another process made this target's link, or (once in trillions) drew the same code:
            # look again, and draw a new code if there is still no link.
            continue
    raise RuntimeError(f"Could not make a short link for {target!r}.")


def target_field(target):
    if isinstance(target, Page):
        return "page"
    if isinstance(target, Tag):
        return "tag"
    if isinstance(target, Author):
        return "author"
    raise TypeError(f"Short links lead to pages, tags and authors, not to {type(target).__name__}.")


def destination(code):
    """Return (link, the canonical address it leads to), or None for a code readers may not follow.

    None for a code that was never made, one whose page was deleted, unpublished or is not
    visible yet, and anything that is not exactly a code: all must look alike to the outside.
    """
    if not isinstance(code, str) or not CODE_PATTERN.fullmatch(code):
        return None
    link = ShortLink.objects.filter(code=code).select_related("page", "tag", "author").first()
    if link is None:
        return None
    url = visible_url(link)
    return (link, url) if url else None


def click_destination(code):
    """Return (link id, address) for following `code`, or None: what `destination` decides.

    Every click reaches the origin, so for a page's link the answer is kept in the cache until that
    page changes in any way (published, unpublished, moved, made private) or its expiry time comes:
    a click then asks the database nothing. Tags' and authors' links are looked up each time.
    """

    def look_up():
        found = destination(code)
        if found is None:
            return None, set()
        link, url = found
        until = link.page.expire_at if link.page_id else None
        # The address also changes when a section above the page is renamed or moved: sections
        # change NAVIGATION, as they do for every cached page.
        return (link.pk, url, until), ({page_key(link.page_id), NAVIGATION} if link.page_id else set())

    if not isinstance(code, str) or not CODE_PATTERN.fullmatch(code):
        return None
    # The address is absolute: a new SITE_URL must not find the old one.
    kept = remember(f"shortlink:{settings.SITE_URL}:{code}", look_up)
    if kept is None:
        return None
    link_id, url, until = kept
    if until is not None and until <= timezone.now():
        # Expired, and the scheduler has not unpublished it yet (which would invalidate the page).
        return None
    return link_id, url


def visible_url(link):
    """Return the absolute address of the link's target while readers may see it, else None."""
    if link.page_id:
        page = visible_page(link.page)
        return page_url(page) if page else None
    target = link.tag or link.author
    if target is None:
        return None
    return absolute(target.get_absolute_url())


def visible_page(page):
    """Return the page as readers may see it now, or None: articles by the one definition of visible."""
    model = ContentType.objects.get_for_id(page.content_type_id).model_class() or Page
    pages = ArticlePage.objects.visible() if issubclass(model, ArticlePage) else model.objects.visible()
    # The address needs the page's path, not its body: a click never loads the article's blocks.
    return pages.filter(pk=page.pk).defer_streamfields().first()
