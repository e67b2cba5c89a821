"""Readers in the back office, for moderators: the list of readers, one reader's history, ban, lift, delete.

Readers only: newsroom staff (anyone with a role, a permission or the staff flag) are neither
listed nor deleted here; an Administrator looks after their accounts.
"""

from collections import Counter

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from broadsheet.accounts.models import display_name_of
from broadsheet.newsroom.datelines import format_time
from broadsheet.views import safe_next

from . import standing
from .models import Ban, Comment, Flag
from .moderation import BAN_LENGTHS, ban_days, ban_words, moderators_only
from .services import CommentRefused, ban_commenter, ban_in_force, delete_reader, lift_ban


def status_of(user, now=None, recent=None):
    """Return (code, words) for a reader's standing: banned (until when), pre-moderated, or active."""
    now = now or timezone.now()
    ban = ban_in_force(user, now)
    if ban is not None:
        if ban.until is None:
            return "banned", "Banned for good"
        return "banned", f"Banned until {format_time(ban.until)}"
    comments, rejected = recent if recent is not None else standing.recent_history(user, now)
    if standing.is_often_rejected(comments, rejected):
        return "premoderated", f"Pre-moderated: {rejected} of {comments} recent comments rejected"
    return "active", "Active"


@moderators_only
def readers(request):
    """List readers (not staff), searchable by name or e-mail, with their comments and standing."""
    query = request.GET.get("q", "").strip()[:100]
    accounts = standing.readers().select_related("profile").order_by("-date_joined", "-pk")
    if query:
        accounts = accounts.filter(
            Q(profile__display_name__icontains=query) | Q(email__icontains=query) | Q(username__icontains=query)
        )
    page = Paginator(standing.with_recent_history(accounts), 50).get_page(request.GET.get("p"))
    for account in page.object_list:
        account.name = display_name_of(account)
        account.status, account.status_words = status_of(account, recent=(account.recent, account.recent_rejected))
    context = {"page": page, "query": query, "ban_lengths": BAN_LENGTHS}
    return render(request, "comments/admin/readers.html", context)


def account_or_404(user_id):
    from django.contrib.auth import get_user_model

    account = get_user_model().objects.select_related("profile").filter(pk=user_id).first()
    if account is None:
        raise Http404("No such reader.")
    return account


@moderators_only
def history(request, user_id):
    """One reader's history: comments and what happened to them, rejections, bans, flags their comments received."""
    account = account_or_404(user_id)
    comments = Comment.objects.filter(author=account).select_related("article").order_by("-created_at", "-pk")
    by_status = dict(comments.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    flags = Flag.objects.filter(comment__author=account).select_related("comment__article").order_by("-created_at")
    context = {
        "account": account,
        "name": display_name_of(account),
        "is_reader": standing.readers().filter(pk=account.pk).exists(),
        "status": status_of(account),
        "counts": [(label, by_status.get(value, 0)) for value, label in Comment.Status.choices],
        "comments": comments[:100],
        "rejections": comments.filter(status=Comment.Status.REJECTED)[:50],
        "bans": Ban.objects.filter(user=account).select_related("banned_by").order_by("-created_at"),
        "flags": flags[:100],
        "flag_reasons": Counter(flag.get_reason_display() for flag in flags).most_common(),
        "ban_lengths": BAN_LENGTHS,
        "window": (standing.RECENT_HISTORY_MIN_COMMENTS, standing.RECENT_HISTORY_DAYS),
        "share": f"{standing.RECENT_HISTORY_REJECTED_SHARE:.0%}",
    }
    return render(request, "comments/admin/history.html", context)


def back_to(request, user_id):
    return redirect(safe_next(request, reverse("comments_reader", args=[user_id])))


@moderators_only
def ban(request, user_id):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        days = ban_days(request.POST)
        done = ban_commenter(
            user_id=user_id, moderator=request.user, reason=request.POST.get("reason", "").strip()[:300], days=days
        )
    except CommentRefused as refusal:
        messages.error(request, f"{refusal.message} Nothing was changed.")
    else:
        messages.success(request, f"Banned {display_name_of(done.user)} {ban_words(days)}")
    return back_to(request, user_id)


@moderators_only
def unban(request, user_id):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        lift_ban(user_id=user_id, moderator=request.user)
    except CommentRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, f"{display_name_of(account_or_404(user_id))} may comment again")
    return back_to(request, user_id)


@moderators_only
def delete(request, user_id):
    """Ask first (GET), then delete the reader's account and comments (POST)."""
    account = standing.readers().select_related("profile").filter(pk=user_id).first()
    if account is None:
        messages.error(request, "No such reader (staff accounts are deleted by an Administrator).")
        return redirect("comments_readers")
    if request.method == "POST":
        try:
            name = delete_reader(user_id=user_id, moderator=request.user)
        except CommentRefused as refusal:
            messages.error(request, refusal.message)
            return redirect("comments_readers")
        messages.success(request, f"Deleted {name}'s account and comments")
        return redirect("comments_readers")
    context = {
        "account": account,
        "name": display_name_of(account),
        "comment_total": Comment.objects.filter(author=account).count(),
    }
    return render(request, "comments/admin/delete_reader.html", context)
