"""What an article's discussion shows: approved threads, editors' picks first, one level of replies.

A signed-in reader also sees their own unpublished comments, marked, on their own pages and fragments.
"""

from django.core.paginator import Paginator
from django.urls import reverse

from .models import Comment

PER_PAGE = 20
ORDERS = {"oldest": ("created_at", "pk"), "newest": ("-created_at", "-pk")}


def order_of(request):
    order = request.GET.get("order", "oldest")
    return order if order in ORDERS else "oldest"


# The largest id a comment, article or reader can have (a BigAutoField). Longer digit strings are
# refused before int() sees them: it raises on strings of thousands of digits.
LARGEST_ID = 2**63 - 1


def id_of(raw):
    """Return the id (of a comment, an article, a reader) spelled by raw in ASCII digits, or None if it spells none.

    Checked as text first: int() takes other scripts' digits ("²") and raises on thousands of them.
    """
    if not (raw.isascii() and raw.isdigit()) or len(raw) > len(str(LARGEST_ID)):
        return None
    number = int(raw)
    return number if 0 < number <= LARGEST_ID else None


def page_number_of(request):
    number = id_of(request.GET.get("page", "1"))
    return number if number is not None and number < 100000 else 1


def address(article_id, order="oldest", number=1, reply=None):
    """Return the discussion page's address: its order and page when not the first, and the comment answered."""
    query = [("order", order)] if order in ORDERS and order != "oldest" else []
    query += [("page", number)] if number > 1 else []
    query += [("reply", reply)] if reply else []
    path = reverse("comments:discussion", args=[article_id])
    return f"{path}?{'&'.join(f'{name}={value}' for name, value in query)}" if query else path


def threads(article_id, order="oldest", number=1, viewer=None):
    """Return a page of top-level comments, each with its replies (flattened, oldest first).

    Everyone sees the approved comments; a signed-in `viewer` also sees their own held and rejected
    ones in place (`shown_to`). The shared fragment passes no viewer, so what it keeps is the same
    for every reader.
    """
    shown = Comment.objects.shown_to(viewer).filter(article_id=article_id)
    replies = shown.exclude(thread=None).select_related("author__profile", "parent__author__profile")
    top = shown.filter(thread=None).select_related("author__profile").order_by("-is_pick", *ORDERS[order])
    page = Paginator(top, PER_PAGE).get_page(number)
    by_thread = {}
    for reply in replies.filter(thread__in=[c.pk for c in page.object_list]).order_by("created_at", "pk"):
        by_thread.setdefault(reply.thread_id, []).append(reply)
    for comment in page.object_list:
        comment.shown_replies = by_thread.get(comment.pk, [])
    return page


def shown_on(page, comment_id):
    """Return whether a page of threads shows the comment, at the top of a thread or as a reply."""
    return any(
        comment.pk == comment_id or any(reply.pk == comment_id for reply in comment.shown_replies)
        for comment in page.object_list
    )


def unpublished_by(article_id, user):
    """Return the reader's own held and rejected comments under an article, oldest first (theirs alone to see)."""
    return (
        Comment.objects.unpublished_by(user)
        .filter(article_id=article_id)
        .select_related("author__profile", "parent__author__profile")
        .order_by("created_at", "pk")[:50]
    )


def approved_total(article_id):
    return Comment.objects.for_article(article_id).count()
