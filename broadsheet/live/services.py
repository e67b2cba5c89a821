"""What staff do with a live blog's entries: add, publish, correct, delete, break out.

Every change readers can see takes the page's next sequence number inside the same transaction
(the sequence row stays locked until commit, so numbers commit in order), tells the page cache
that the page's entries changed, and tells listeners that what the article shows changed (polls
in an entry become votable with it).
"""

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify

from broadsheet.newsroom.models import ArticleByline, ArticlePage, ArticleTag
from broadsheet.newsroom.signals import article_content_changed
from broadsheet.pagecache.dependencies import invalidate, invalidates, listing_key, one_invalidation, page_key

from .models import LiveEntry, LivePage, LiveSequence, entries_key


def may_publish(user, page):
    """Return whether this person's entries go to readers at once (as their pages would), not to an editor."""
    return page.permissions_for_user(user).can_publish()


def may_write(user, page):
    """Return whether this person may add entries to the page (as they may edit it)."""
    return page.permissions_for_user(user).can_edit()


def may_change(user, entry):
    """Return whether this person may change or delete the entry: editors any, its writer until it is published."""
    if may_publish(user, entry.page):
        return True
    return entry.status == LiveEntry.Status.SUBMITTED and entry.written_by_id == user.pk


def paragraphs_of(text):
    """Return body blocks for plain text typed in the quick form: one paragraph per blank-line-separated part."""
    parts = [" ".join(part.split()) for part in text.replace("\r\n", "\n").split("\n\n")]
    return [("paragraph", f"<p>{escape(part)}</p>") for part in parts if part]


def _next_version(page_id):
    """Take the page's next sequence number; the row stays locked until the transaction commits."""
    LiveSequence.objects.get_or_create(page_id=page_id)
    LiveSequence.objects.filter(page_id=page_id).update(version=F("version") + 1)
    return LiveSequence.objects.get(page_id=page_id).version


@invalidates(listing_key(LiveEntry), run_by="services")
def entries_changed(page):
    """Once the change commits: the page and its updates render again; listeners learn what it shows now."""

    def announce():
        # One invalidation with what the listeners change (sitemaps, polls), even outside a request
        # or a task (a script, a chat bot): two epoch moves would make every fragment render twice.
        with one_invalidation():
            invalidate({entries_key(page.pk), page_key(page)})
            article_content_changed.send(sender=LivePage, article=page)

    transaction.on_commit(announce)


def add_entry(page, user, *, body, title="", author=None, key_event=False, pinned=False, publish=True):
    """Add an entry; it is published now if asked and this person may publish, else waits for an editor."""
    if not may_write(user, page):
        raise PermissionDenied("You may not write in this live blog.")
    if not body:
        raise ValidationError("Write something in the entry.")
    entry = LiveEntry(
        page=page, title=title, body=body, author=author, written_by=user, key_event=key_event, pinned=pinned
    )
    with transaction.atomic():
        entry.save()
        if publish and may_publish(user, page):
            _publish(entry)
    return entry


def publish_entry(entry, user):
    """Publish an entry that waits for an editor."""
    if not may_publish(user, entry.page):
        raise PermissionDenied("Only an editor of this live blog may publish entries.")
    if entry.status != LiveEntry.Status.SUBMITTED:
        raise ValidationError("This entry is not waiting to be published.")
    with transaction.atomic():
        _publish(entry)
    return entry


def _publish(entry):
    entry.status = LiveEntry.Status.PUBLISHED
    entry.published_at = timezone.now()
    entry.version = _next_version(entry.page_id)
    if entry.pinned:
        _unpin_others(entry)
    entry.save()
    entries_changed(entry.page)


def _unpin_others(entry):
    # One pinned entry at a time: the others leave the top, and readers' pages learn it.
    for other in entry.page.entries.published().filter(pinned=True).exclude(pk=entry.pk):
        other.pinned = False
        other.version = _next_version(entry.page_id)
        other.save(update_fields=["pinned", "version"])


def edit_entry(entry, user, *, body, title="", author=None, key_event=False, pinned=False, correction_note=""):
    """Change an entry. A published one is corrected: readers see when and, if given, the note."""
    page = entry.page
    published = entry.status == LiveEntry.Status.PUBLISHED
    if not may_change(user, entry):
        if published:
            raise PermissionDenied("Only an editor of this live blog may correct a published entry.")
        raise PermissionDenied("You may change only your own entries until an editor publishes them.")
    if entry.status == LiveEntry.Status.DELETED:
        raise ValidationError("This entry was deleted.")
    if not body:
        raise ValidationError("An entry cannot be empty: delete it instead.")
    entry.title, entry.body, entry.author, entry.key_event, entry.pinned = title, body, author, key_event, pinned
    with transaction.atomic():
        if published:
            entry.corrected_at = timezone.now()
            entry.correction_note = correction_note
            entry.version = _next_version(page.pk)
            if entry.pinned:
                _unpin_others(entry)
        entry.save()
        if published:
            entries_changed(page)
    return entry


def delete_entry(entry, user):
    """Take an entry down. A published one stays as a row so readers' open pages learn to remove it."""
    page = entry.page
    published = entry.status == LiveEntry.Status.PUBLISHED
    if not may_change(user, entry):
        raise PermissionDenied("Only an editor of this live blog may delete its entries.")
    if entry.status == LiveEntry.Status.DELETED:
        raise ValidationError("This entry was already deleted.")
    with transaction.atomic():
        if not published:
            entry.delete()
            return
        entry.status = LiveEntry.Status.DELETED
        entry.version = _next_version(page.pk)
        entry.save(update_fields=["status", "version"])
        entries_changed(page)


def start_coverage(page, user):
    """Mark the coverage live from now, in a new published revision of the page."""
    return _set_coverage(page, user, coverage_status=LivePage.Status.LIVE, coverage_start=timezone.now(), end=None)


def end_coverage(page, user):
    """Mark the coverage ended now, in a new published revision of the page."""
    return _set_coverage(page, user, coverage_status=LivePage.Status.ENDED, end=timezone.now())


_KEEP = object()


def _set_coverage(page, user, *, coverage_status, coverage_start=_KEEP, end):
    if not may_publish(user, page):
        raise PermissionDenied("Only an editor of this live blog may start or end its coverage.")
    if not page.live:
        # Starting the coverage publishes a revision: it must not publish a page nobody chose to publish.
        raise ValidationError("Publish the live blog first, then start or end its coverage here.")
    fields = {"coverage_status": coverage_status, "coverage_end": end}
    if coverage_start is not _KEEP:
        fields["coverage_start"] = coverage_start
    with transaction.atomic():
        page = LivePage.objects.select_for_update().get(pk=page.pk)
        # An editor's unpublished changes to the page stay a draft: the new revision is made from
        # what readers see now, and the draft is saved again on top of it with the same status.
        draft = page.get_latest_revision() if page.has_unpublished_changes else None
        for name, value in fields.items():
            setattr(page, name, value)
        page.save_revision(user=user, log_action=True).publish(user=user)
        if draft is not None:
            drafted = draft.as_object()
            for name, value in fields.items():
                setattr(drafted, name, value)
            drafted.save_revision(user=user, log_action=True)
    page.refresh_from_db()
    return page


# A breakout's headline from an entry without a title: its first words, up to about this many characters.
HEADLINE_CHARACTERS = 90


def break_out(entry, user):
    """Start an article (a draft, in the live blog's section) from an entry, linked both ways; return it.

    The draft has the entry's title (or first words) as headline, its first sentence as standfirst,
    its body and a "Read more" line back to the live blog, the entry's author (or the live blog's
    first byline) and the live blog's tags. An entry already broken out returns its article.
    """
    page = entry.page
    section = page.get_parent().specific
    if not section.permissions_for_user(user).can_add_subpage():
        raise PermissionDenied("You may not start articles in this section.")
    if entry.status == LiveEntry.Status.DELETED:
        raise ValidationError("This entry was deleted.")
    with transaction.atomic():
        entry = LiveEntry.objects.select_for_update().get(pk=entry.pk)
        if entry.breakout is not None:
            return entry.breakout
        article = _draft_from(entry, page, section, user)
        entry.breakout = article
        if entry.status == LiveEntry.Status.PUBLISHED:
            entry.version = _next_version(page.pk)
            entry.save(update_fields=["breakout", "version"])
            entries_changed(page)
        else:
            entry.save(update_fields=["breakout"])
    return article


def _draft_from(entry, page, section, user):
    text = entry.plain_text()
    # Without a title, the first sentence (as a headline: no full stop) says best what the entry is about.
    headline = entry.title or _first_words(_first_sentence(text), HEADLINE_CHARACTERS).removesuffix(".") or page.title
    body = [{"type": block["type"], "value": block["value"]} for block in entry.body.raw_data]
    body.append({"type": "read_more", "value": {"article": page.pk, "label": "Follow the live coverage"}})
    article = ArticlePage(
        title=headline,
        slug=_free_slug(section, headline),
        standfirst=_first_sentence(text) or page.standfirst,
        body=body,
        live=False,
        owner=user,
    )
    author = entry.author or next((b.author for b in page.bylines.select_related("author")), None)
    if author is not None:
        article.bylines.add(ArticleByline(author=author, sort_order=0))
    for order, tagged in enumerate(page.tags.all()):
        article.tags.add(ArticleTag(tag_id=tagged.tag_id, sort_order=order))
    section.add_child(instance=article)
    article.save_revision(user=user, log_action=True)
    return article


def _first_words(text, limit):
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _first_sentence(text):
    sentence = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
    return _first_words(sentence, ArticlePage._meta.get_field("standfirst").max_length - 1)


def _free_slug(section, headline):
    base = slugify(headline)[:70] or "live-entry"
    taken = set(section.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    return next(slug for slug in (base, *(f"{base}-{n}" for n in range(2, 1000))) if slug not in taken)


def breakout_changed(article):
    """A breakout article was published or unpublished: the entries that point to it show (or drop) the link."""
    entries = list(LiveEntry.objects.published().filter(breakout_id=article.pk).select_related("page"))
    for entry in entries:
        with transaction.atomic():
            entry.version = _next_version(entry.page_id)
            entry.save(update_fields=["version"])
            entries_changed(entry.page)
    return entries
