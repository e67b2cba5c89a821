"""What staff do with a live blog's entries: add, publish, correct, delete, break out.

Every change readers can see takes the page's next sequence number inside the same transaction
(the sequence row stays locked until commit, so numbers commit in order), tells the page cache
that the page's entries changed, and tells listeners that what the article shows changed (polls
in an entry become votable with it).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.html import escape

from broadsheet.newsroom.signals import article_content_changed
from broadsheet.pagecache.dependencies import invalidate, invalidates, listing_key, page_key

from .models import LiveEntry, LivePage, LiveSequence, entries_key


def may_publish(user, page):
    """Return whether this person's entries go to readers at once (as their pages would), not to an editor."""
    return page.permissions_for_user(user).can_publish()


def may_write(user, page):
    """Return whether this person may add entries to the page (as they may edit it)."""
    return page.permissions_for_user(user).can_edit()


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
    invalidate({entries_key(page.pk), page_key(page)})
    transaction.on_commit(lambda: article_content_changed.send(sender=LivePage, article=page))


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
    if published and not may_publish(user, page):
        raise PermissionDenied("Only an editor of this live blog may correct a published entry.")
    if not published and not (may_publish(user, page) or entry.written_by_id == user.pk):
        raise PermissionDenied("You may change only your own entries until an editor publishes them.")
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
    if not (may_publish(user, page) or (not published and entry.written_by_id == user.pk)):
        raise PermissionDenied("Only an editor of this live blog may delete its entries.")
    with transaction.atomic():
        if not published:
            entry.delete()
            return
        entry.status = LiveEntry.Status.DELETED
        entry.version = _next_version(page.pk)
        entry.save(update_fields=["status", "version"])
        entries_changed(page)
