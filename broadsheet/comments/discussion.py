"""What an article's discussion shows: approved threads, editors' picks first, one level of replies."""

from django.core.paginator import Paginator

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


def threads(article_id, order="oldest", number=1):
    """Return a page of top-level approved comments, each with its approved replies (flattened, oldest first)."""
    replies = (
        Comment.objects.for_article(article_id)
        .exclude(thread=None)
        .select_related("author__profile", "parent__author__profile")
    )
    top = (
        Comment.objects.for_article(article_id)
        .filter(thread=None)
        .select_related("author__profile")
        .order_by("-is_pick", *ORDERS[order])
    )
    page = Paginator(top, PER_PAGE).get_page(number)
    by_thread = {}
    for reply in replies.filter(thread__in=[c.pk for c in page.object_list]).order_by("created_at", "pk"):
        by_thread.setdefault(reply.thread_id, []).append(reply)
    for comment in page.object_list:
        comment.shown_replies = by_thread.get(comment.pk, [])
    return page


def approved_total(article_id):
    return Comment.objects.for_article(article_id).count()
