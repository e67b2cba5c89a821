"""The live desk in the back office: one page per live blog to post, publish, correct, delete and break out entries.

Every action is a plain form posted to its own address, answered by a redirect back to the desk
(so a reload never posts twice) with a message; `static/live/desk.js` only makes Enter publish.
Who may do what is decided by `services` (Wagtail's page permissions); the views translate its
refusals: PermissionDenied is a 403, a ValidationError a message or the form again with a 400.
"""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from . import services
from .admin_forms import EntryForm, QuickEntryForm
from .models import LiveEntry, LivePage

ENTRIES_PER_PAGE = 50
LIVE_BLOGS_LISTED = 100


def refusing(view):
    """Answer a refusal with a 403 page that says why (Wagtail would redirect to the dashboard instead)."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as refusal:
            reason = str(refusal) or "You may not do this in this live blog."
            return render(request, "live/admin/refused.html", {"reason": reason}, status=403)

    return guarded


def writable_page(request, page_id):
    """Return the live blog if this person may write in it; 404 if there is none, 403 if they may not."""
    page = get_object_or_404(LivePage, pk=page_id)
    if not services.may_write(request.user, page):
        raise PermissionDenied
    return page


def live_blogs(request):
    """The live blogs this person may write in, live ones first, with their waiting entries counted."""
    pages = (
        LivePage.objects.annotate(waiting=Count("entries", filter=Q(entries__status=LiveEntry.Status.SUBMITTED)))
        .order_by("-latest_revision_created_at")
        .defer_streamfields()
    )
    # The most recent first, as many as a desk needs: old coverage is found in the page explorer.
    pages = [page for page in pages[:LIVE_BLOGS_LISTED] if services.may_write(request.user, page)]
    order = {LivePage.Status.LIVE: 0, LivePage.Status.UPCOMING: 1, LivePage.Status.ENDED: 2}
    pages.sort(key=lambda page: order[page.coverage_status])
    return render(request, "live/admin/live_blogs.html", {"pages": pages})


@refusing
def desk(request, page_id):
    """The desk of one live blog: the quick form on top, the entries below; POST adds an entry."""
    page = writable_page(request, page_id)
    form = QuickEntryForm(posted(request), initial={"author": usual_author(request.user)})
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            entry = services.add_entry(
                page,
                request.user,
                body=services.paragraphs_of(data["text"]),
                title=data["title"],
                author=data["author"],
                key_event=data["key_event"],
                pinned=data["pinned"],
            )
            if entry.status == LiveEntry.Status.PUBLISHED:
                messages.success(request, "Published.")
            else:
                messages.success(request, "Sent to an editor: it appears on the page once they publish it.")
            return redirect("live_desk", page.pk)
        messages.error(request, "The entry was not posted: see below.")
    return render_desk(request, page, form, status=400 if form.errors else 200)


def posted(request):
    """Return the data a form is bound to: what was posted (even nothing at all), or None to show it empty."""
    return request.POST if request.method == "POST" else None


def usual_author(user):
    """Return the byline this person gave their last entry (staff accounts are not linked to authors)."""
    last = LiveEntry.objects.filter(written_by=user).exclude(author=None).order_by("-created_at").first()
    return last.author_id if last else None


def render_desk(request, page, form, status=200):
    may_publish = services.may_publish(request.user, page)
    entries = page.entries.select_related("author", "written_by", "breakout")
    waiting = list(entries.filter(status=LiveEntry.Status.SUBMITTED).order_by("-created_at"))
    published = Paginator(entries.published().newest_first(), ENTRIES_PER_PAGE).get_page(request.GET.get("p"))
    for entry in [*waiting, *published]:
        entry.page = page  # one page object: its permissions are worked out once
        entry.may_change = services.may_change(request.user, entry)
    context = {
        "page": page,
        "form": form,
        "may_publish": may_publish,
        "may_break_out": page.get_parent().permissions_for_user(request.user).can_add_subpage(),
        "waiting": waiting,
        "published": published,
    }
    return render(request, "live/admin/desk.html", context, status=status)


def entry_of(page, entry_id):
    return get_object_or_404(LiveEntry.objects.select_related("page"), pk=entry_id, page=page)


@refusing
@require_POST
def publish(request, page_id, entry_id):
    page = writable_page(request, page_id)
    try:
        services.publish_entry(entry_of(page, entry_id), request.user)
    except ValidationError as refusal:
        messages.error(request, refusal.messages[0])
    else:
        messages.success(request, "Published.")
    return redirect("live_desk", page.pk)


def entry_to_change(request, page_id, entry_id):
    """Return the live blog and its entry if this person may change it; 404 for a deleted one, else 403."""
    page = writable_page(request, page_id)
    entry = entry_of(page, entry_id)
    if entry.status == LiveEntry.Status.DELETED:
        raise Http404("This entry was deleted.")
    if not services.may_change(request.user, entry):
        raise PermissionDenied
    return page, entry


@refusing
def edit(request, page_id, entry_id):
    """The whole entry in the body editor; a published entry is corrected, with a note readers see."""
    page, entry = entry_to_change(request, page_id, entry_id)
    form = EntryForm(posted(request), entry=entry)
    if request.method == "POST" and form.is_valid():
        published = entry.status == LiveEntry.Status.PUBLISHED
        try:
            services.edit_entry(entry, request.user, **form.cleaned_data)
        except ValidationError as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(request, "Corrected: readers see the note." if published else "Saved.")
            return redirect("live_desk", page.pk)
    context = {"page": page, "entry": entry, "form": form}
    return render(request, "live/admin/edit.html", context, status=400 if form.errors else 200)


@refusing
def delete(request, page_id, entry_id):
    """Ask, then take the entry down (POST)."""
    page, entry = entry_to_change(request, page_id, entry_id)
    if request.method == "POST":
        services.delete_entry(entry, request.user)
        messages.success(request, "Deleted: readers' pages drop it at their next update.")
        return redirect("live_desk", page.pk)
    return render(request, "live/admin/delete.html", {"page": page, "entry": entry})


@refusing
@require_POST
def break_out(request, page_id, entry_id):
    """Start an article from the entry and open it in the page editor."""
    page = writable_page(request, page_id)
    try:
        article = services.break_out(entry_of(page, entry_id), request.user)
    except ValidationError as refusal:
        messages.error(request, refusal.messages[0])
        return redirect("live_desk", page.pk)
    messages.success(request, "A draft article was started from the entry; publish it to link the entry to it.")
    return redirect(reverse("wagtailadmin_pages:edit", args=[article.pk]))


@refusing
@require_POST
def coverage(request, page_id):
    """Start or end the coverage (a new published revision of the page)."""
    page = writable_page(request, page_id)
    verbs = {
        "start": (services.start_coverage, "Coverage is live."),
        "end": (services.end_coverage, "Coverage has ended."),
    }
    if request.POST.get("action") not in verbs:
        messages.error(request, "Choose to start or end the coverage.")
        return redirect("live_desk", page.pk)
    verb, done = verbs[request.POST["action"]]
    try:
        verb(page, request.user)
    except ValidationError as refusal:
        messages.error(request, refusal.messages[0])
    else:
        messages.success(request, done)
    return redirect("live_desk", page.pk)
