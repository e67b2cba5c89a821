"""The moderation queue in the back office: views of held, flagged and decided comments; acting on the ticked ones.

Everything a moderator does here is a button of one form posted to the queue's own address, so it
works without JavaScript; `static/comments/moderation.js` only adds keyboard shortcuts to it.
"""

from collections import Counter
from contextlib import suppress
from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Q, Subquery
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.text import get_text_list

from broadsheet.accounts.models import display_name_of
from broadsheet.newsroom.models import ArticlePage

from .discussion import id_of
from .models import Comment, ModerationAction, Rule
from .services import MODERATION_ACTIONS, CommentRefused, ban_authors, may_moderate, moderate_comments


def moderators_only(view):
    def guarded(request, *args, **kwargs):
        if not may_moderate(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded


# The queue's views, as tabs. "flagged": published comments readers have flagged since a moderator
# last approved them, below the weight that holds them (standing.py): still shown, waiting for a look.
HELD, FLAGGED = "pending", "flagged"
VIEWS = [
    (HELD, "Held"),
    (FLAGGED, "Flagged"),
    (Comment.Status.REJECTED, "Rejected"),
    (Comment.Status.APPROVED, "Published"),
    (Comment.Status.REMOVED, "Removed by their authors"),
    ("all", "All"),
]
# The rules a moderator rejects under, most used first; the others name why a comment was held.
REJECTION_RULES = [
    Rule.PERSONAL_ATTACKS,
    Rule.TOXICITY,
    Rule.OFF_TOPIC,
    Rule.SPAM,
    Rule.SUSPECT_WORDS,
    Rule.LINKS,
    Rule.DUPLICATE,
    Rule.BANNED_WORDS,
    Rule.ILLEGAL,
]
# A ban's lengths offered to a moderator (any number of days up to the longest is taken).
BAN_LENGTHS = [("1", "1 day"), ("7", "7 days"), ("30", "30 days"), ("365", "a year"), ("good", "for good")]


# The two views a moderator works from, defined once for the queue, its tab counts and the desk.
VIEW_FILTERS = {
    HELD: Q(status=Comment.Status.PENDING),
    FLAGGED: Q(status=Comment.Status.APPROVED, flag_count__gt=0),
}


def in_view(comments, view):
    if view in VIEW_FILTERS:
        return comments.filter(VIEW_FILTERS[view])
    if view in Comment.Status.values:
        return comments.filter(status=view)
    return comments


def held_count(user):
    """The desk's number of comments held for moderation, for those who moderate."""
    return in_view(Comment.objects.all(), HELD).count() if may_moderate(user) else None


def flagged_count(user):
    """The desk's number of published comments readers flagged, for those who moderate."""
    return in_view(Comment.objects.all(), FLAGGED).count() if may_moderate(user) else None


def queue_url(view=HELD):
    return f"{reverse('comments_queue')}?{urlencode({'status': view})}"


held_url, flagged_url = partial(queue_url, HELD), partial(queue_url, FLAGGED)


def filtered(params):
    """Return the comments of the view and filters asked for, the view, and the articles that view can filter by."""
    view = params.get("status", HELD)
    view = view if view in dict(VIEWS) else HELD
    comments = in_view(Comment.objects.all(), view)
    articles = (
        ArticlePage.objects.filter(pk__in=comments.values("article_id")).order_by("title").values_list("pk", "title")
    )
    if (article_id := id_of(params.get("article", ""))) is not None:
        comments = comments.filter(article_id=article_id)
    if params.get("rule") in Rule.values:
        comments = comments.filter(rule=params["rule"])
    with suppress(ValueError):  # a score that is not a number filters nothing
        comments = comments.filter(toxicity__gte=float(params.get("min_score") or 0))
    last_approval = ModerationAction.objects.filter(comment=OuterRef("pk"), action="approve").order_by("-created_at")
    comments = (
        comments.select_related("article", "author__profile")
        .prefetch_related("flags")
        .annotate(reviewed_at=Subquery(last_approval.values("created_at")[:1]))
        .order_by("-created_at", "-pk")
    )
    return comments, view, articles[:300]


def with_open_flags(comments):
    """Give each comment the flags since a moderator last approved it, and their reasons counted."""
    for comment in comments:
        comment.open_flags = [
            f for f in comment.flags.all() if not comment.reviewed_at or f.created_at > comment.reviewed_at
        ]
        counted = Counter(flag.get_reason_display() for flag in comment.open_flags)
        comment.flag_reasons = sorted(counted.items(), key=lambda pair: (-pair[1], pair[0]))
    return comments


def view_counts():
    """Return {view: how many comments it holds} for the tabs that show a count, in one query."""
    return Comment.objects.aggregate(**{view: Count("pk", filter=q) for view, q in VIEW_FILTERS.items()})


@moderators_only
def queue(request):
    if request.method == "POST":
        return act(request)
    comments, view, articles = filtered(request.GET)
    page = Paginator(comments, 50).get_page(request.GET.get("p"))
    with_open_flags(page.object_list)
    counts = view_counts()
    kept = {key: value for key, value in request.GET.items() if key in ("article", "rule", "min_score") and value}
    context = {
        "page": page,
        "view": view,
        "views": [(value, label, counts.get(value), queue_url(value)) for value, label in VIEWS],
        "articles": articles,
        "article_id": id_of(request.GET.get("article", "")),
        "rules": Rule.choices,
        "rejection_rules": [(rule.value, rule.label) for rule in REJECTION_RULES],
        "ban_lengths": BAN_LENGTHS,
        "params": request.GET,
        "page_query": urlencode({"status": view, **kept}),
        "filtering": bool(kept),
    }
    return render(request, "comments/admin/queue.html", context)


def chosen(post):
    """Return the action and the comment ids a post asks for: a row's own button, else the ticked comments."""
    if ":" in (row := post.get("row", "")):
        action, _, comment_id = row.partition(":")
        return action, [i for i in [id_of(comment_id)] if i is not None]
    return post.get("action", ""), [i for i in map(id_of, post.getlist("comment")) if i is not None]


def plural(number, one, many):
    return f"{number} {one if number == 1 else many}"


def act(request):
    action, ids = chosen(request.POST)
    reason, rule = request.POST.get("reason", "").strip(), request.POST.get("rule", "")
    back = redirect(request.get_full_path())  # the same view and filters: the form posts to the queue's address
    if action not in (*MODERATION_ACTIONS, "ban"):
        messages.error(request, "Choose what to do with the ticked comments.")
        return back
    if not ids:
        messages.error(request, "Tick the comments to act on first; nothing was changed.")
        return back
    if action == "reject" and rule not in Rule.values:
        messages.error(request, "Choose the rule the comments broke (their authors are told it); nothing was changed.")
        return back
    try:
        if action == "ban":
            done = ban_chosen(request, ids, reason)
        else:
            done = moderate_comments(comment_ids=ids, moderator=request.user, action=action, reason=reason, rule=rule)
            messages.success(request, confirmation(action, done, rule))
    except CommentRefused as refusal:
        messages.error(request, f"{refusal.message} Nothing was changed.")
        return back
    if not done:
        messages.error(request, "None of the ticked comments is here any more (their authors removed them).")
    elif len(done) < len(set(ids)) and action != "ban":
        missing = len(set(ids)) - len(done)
        messages.warning(
            request, f"{plural(missing, 'ticked comment was', 'ticked comments were')} removed by its author."
        )
    return back


def confirmation(action, done, rule):
    """Say in words what was done, e.g. "Rejected 2 comments for breaking rule 'Be civil'; their authors were told"."""
    number = plural(len(done), "comment", "comments")
    if action == "approve":
        return f"Approved {number}"
    if action == "pick":
        return f"Made {number} editors' picks"
    if action == "unpick":
        return f"{number[0].upper()}{number[1:]} no longer editors' picks"
    authors = {comment.author_id for comment in done if comment.author_id}
    told = "its author was told" if len(done) == 1 else "their authors were told"
    if len(authors) == 1 and len(done) > 1:
        told = "their author was told"
    if not authors:
        told = "their authors had deleted their accounts"
    return f"Rejected {number} for breaking rule '{Rule(rule).label}'; {told}"


def ban_days(post):
    """Return the ban's length a form asked for, in days (None: for good); refuse one that is not a number."""
    raw = post.get("days", "").strip()
    if raw in ("", "good"):
        return None
    if (days := id_of(raw)) is None:
        raise CommentRefused("Give the ban's length as a number of days, or choose “for good”.")
    return days


def ban_words(days):
    return f"for {plural(days, 'day', 'days')}" if days else "for good"


def ban_chosen(request, ids, reason):
    days = ban_days(request.POST)
    bans = ban_authors(comment_ids=ids, moderator=request.user, reason=reason, days=days)
    if bans:
        names = get_text_list([display_name_of(ban.user) for ban in bans], "and")
        messages.success(request, f"Banned {names} {ban_words(days)}")
    elif Comment.objects.filter(pk__in=ids).exists():
        raise CommentRefused("The ticked comments' authors have deleted their accounts.")
    return bans


@moderators_only
def log(request):
    actions = ModerationAction.objects.select_related(
        "moderator", "reader__profile", "comment__article", "comment__author__profile"
    )
    return render(request, "comments/admin/log.html", {"page": Paginator(actions, 100).get_page(request.GET.get("p"))})
