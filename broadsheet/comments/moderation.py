"""The moderation queue in the back office: filter, approve or reject in bulk with a reason, ban, and the log."""

from contextlib import suppress

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from .discussion import id_of
from .models import Comment, ModerationAction, Rule
from .services import MODERATION_ACTIONS, CommentRefused, ban_commenter, may_moderate, moderate_comment


def moderators_only(view):
    def guarded(request, *args, **kwargs):
        if not may_moderate(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded


# Published comments readers have flagged since a moderator last approved them: still shown,
# waiting for a moderator's look (flags of new accounts do no more than this).
FLAGGED = "flagged", "Published, flagged by readers"


def filtered(params):
    comments = (
        Comment.objects.select_related("article", "author__profile", "parent")
        .prefetch_related("flags")
        .order_by("-created_at")
    )
    status = params.get("status", "pending")
    if status in Comment.Status.values:
        comments = comments.filter(status=status)
    elif status == FLAGGED[0]:
        comments = comments.filter(status=Comment.Status.APPROVED, flag_count__gt=0)
    if (article_id := id_of(params.get("article", ""))) is not None:
        comments = comments.filter(article_id=article_id)
    if params.get("rule") in Rule.values:
        comments = comments.filter(rule=params["rule"])
    with suppress(ValueError):  # a score that is not a number filters nothing
        comments = comments.filter(toxicity__gte=float(params.get("min_score") or 0))
    return comments, status


@moderators_only
def queue(request):
    if request.method == "POST":
        return act(request)
    comments, status = filtered(request.GET)
    page = Paginator(comments, 50).get_page(request.GET.get("p"))
    context = {
        "page": page,
        "status": status,
        "statuses": [*Comment.Status.choices, FLAGGED],
        "rules": Rule.choices,
        "params": request.GET,
    }
    return render(request, "comments/admin/queue.html", context)


def act(request):
    action = request.POST.get("action", "")
    ids = [i for i in map(id_of, request.POST.getlist("comment")) if i is not None]
    reason, rule = request.POST.get("reason", "").strip(), request.POST.get("rule", "")
    if action == "ban":
        user_id, days = id_of(request.POST.get("user", "")), request.POST.get("days", "").strip()
        if user_id is None:
            messages.error(request, "Choose a reader to ban.")
        elif days not in ("", "0") and id_of(days) is None:
            messages.error(request, "Give the ban's length as a number of days, or leave it empty to ban for good.")
        else:
            try:
                ban_commenter(user_id=user_id, moderator=request.user, reason=reason, days=id_of(days))
                messages.success(request, "The reader may no longer comment.")
            except CommentRefused as refusal:
                messages.error(request, refusal.message)
    elif action not in MODERATION_ACTIONS or not ids:
        messages.error(request, "Choose comments and an action.")
    else:
        done = 0
        for comment_id in ids:
            try:
                moderate_comment(comment_id=comment_id, moderator=request.user, action=action, reason=reason, rule=rule)
                done += 1
            except CommentRefused as refusal:
                messages.error(request, f"Comment {comment_id}: {refusal.messages[0]}")
        messages.success(request, f"{action.capitalize()}: {done} comment{'s' if done != 1 else ''}.")
    # Back to the same filters: the form posts to the queue's address with its query string.
    return redirect(request.get_full_path())


@moderators_only
def log(request):
    actions = ModerationAction.objects.select_related("moderator", "comment")
    return render(request, "comments/admin/log.html", {"page": Paginator(actions, 100).get_page(request.GET.get("p"))})
