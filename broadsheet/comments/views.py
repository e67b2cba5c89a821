import time
from functools import partial

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.html import format_html
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from broadsheet.fragments.http import private_fragment, shared_fragment
from broadsheet.newsroom.models import ArticlePage
from broadsheet.pagecache.dependencies import page_key, remember
from broadsheet.refusals import refusal_response, wants_json
from broadsheet.views import safe_next

from . import discussion, freshness, notifications
from .models import Comment, CommunityStandards, Flag, Rule
from .services import CommentRefused, delete_comment, edit_comment, flag_comment, is_open_for_comments, post_comment


def visible_article(article_id):
    article = ArticlePage.objects.visible().filter(pk=article_id).first()
    if article is None:
        raise Http404("No such article.")
    return article


def rule_link(rule):
    return f"{reverse('comments:standards')}#{rule}" if rule else ""


def refusal_html(refusal):
    """Return the refusal's message, naming and linking the rule that applied, if one did."""
    if refusal.rule:
        return format_html(
            '{} <a href="{}">Rule: {}</a>', refusal.message, rule_link(refusal.rule), Rule(refusal.rule).label
        )
    return refusal.message


def refusal_message(request, refusal):
    """Put the refusal into the reader's messages."""
    messages.error(request, refusal_html(refusal))


def outcome_text(comment):
    """Return what became of a comment just posted, in the words its author reads."""
    if comment.parent_id:
        if comment.is_public:
            return "Your reply is published."
        return "Your reply is awaiting review: only you can see it until a moderator has read it."
    return "Your comment is published." if comment.is_public else "Your comment is held for a moderator."


def outcome_message(request, comment):
    if comment.is_public:
        messages.success(request, outcome_text(comment))
    else:
        messages.info(
            request,
            format_html(
                '{} <a href="{}">Rule: {}</a>', outcome_text(comment), rule_link(comment.rule), Rule(comment.rule).label
            ),
        )


def posted_response(request, comment):
    """Answer a script that posted: the comment as its author now sees it, for the page to show in place.

    Nothing goes into the reader's messages, so the outcome is not told a second time on their next page.
    """
    html = render_to_string("comments/includes/comment.html", {"comment": comment}, request=request)
    response = JsonResponse(
        {
            "ok": True,
            "id": comment.pk,
            "thread": comment.thread_top_id,
            "status": comment.status,
            "message": outcome_text(comment),
            "html": html,
        },
        status=201,
    )
    patch_cache_control(response, private=True, no_store=True)
    return response


def form_started_at(request):
    try:
        return float(request.POST.get("started", ""))
    except ValueError:
        return None


def post(request, article_id):
    """Post a comment or a reply from the form; come back to the article's discussion with the outcome."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"], "Comments are sent with the discussion's form.")
    back = safe_next(request, reverse("comments:discussion", args=[article_id]))
    started = form_started_at(request)
    try:
        parent = request.POST.get("parent", "")
        parent_id = discussion.id_of(parent) if parent else None
        if parent and parent_id is None:
            raise CommentRefused(
                "The comment you are replying to is not in this discussion.", status=400, code="bad_parent"
            )
        comment = post_comment(
            article_id=article_id,
            author=request.user,
            body=request.POST.get("body", ""),
            reader=request.reader,
            parent_id=parent_id,
            honeypot=request.POST.get("website", ""),
            form_age=(time.time() - started) if started else None,
        )
    except CommentRefused as refusal:
        return refusal_response(request, refusal, html=partial(refusal_page, request, article_id))
    if wants_json(request):
        return posted_response(request, comment)
    outcome_message(request, comment)
    # A reply is shown to its author in place, under the comment it answers, with its state.
    response = redirect(f"{back.split('#')[0]}#{f'comment-{comment.pk}' if comment.parent_id else 'discussion'}")
    response.status_code = 303
    return response


def refusal_page(request, article_id, refusal):
    """Return the discussion page with the reason where the reader wrote, and their text kept.

    A refused reply keeps its form open under the comment it answers, with the reason in it.
    """
    article = visible_article(article_id)
    body = request.POST.get("body", "")
    reply_to = replyable(article, discussion.id_of(request.POST.get("parent", "")))
    if reply_to is None:
        refusal_message(request, refusal)
        extra = {"body": body}
    else:
        extra = {"reply_body": body, "reply_error": refusal_html(refusal)}
    context = discussion_context(request, article, reply_to=reply_to) | extra
    return render(request, "comments/discussion_page.html", context)


def discussion_context(request, article, reply_to=None):
    order, number = discussion.order_of(request), discussion.page_number_of(request)
    page = discussion.threads(article.pk, order, number, viewer=request.user)
    wanted = discussion.id_of(request.GET.get("reply", ""))
    if reply_to is None and wanted is not None:
        reply_to = replyable(article, wanted)
    here = discussion.address(article.pk, order, page.number)
    return {
        "article": article,
        "order": order,
        "page": page,
        "total": discussion.approved_total(article.pk),
        "is_open": is_open_for_comments(article),
        "started": int(time.time()),
        "flag_reasons": Flag.Reason.choices,
        # Back here after posting, with the reply form closed.
        "next": safe_next(request, here) if request.method == "POST" else here,
        "reply_to": reply_to,
        # A reply to a comment on another page of the discussion opens above the list instead.
        "reply_elsewhere": reply_to is not None and not discussion.shown_on(page, reply_to.pk),
        "reply_gone": wanted is not None and reply_to is None,
        "no_replies": NO_REPLIES,
        "max_length": settings.COMMENT_MAX_LENGTH,
    }


def replyable(article, comment_id):
    """Return the published comment of this article with this id, which a reader may answer, or None."""
    if comment_id is None:
        return None
    return Comment.objects.for_article(article.pk).select_related("author__profile").filter(pk=comment_id).first()


@never_cache
def discussion_page(request, article_id):
    """The discussion on its own page: works with JavaScript off, with the reader's form in place.

    Per reader (never cached): a signed-in reader sees their own held or rejected comments in place,
    marked, and `?reply=<id>` opens the reply form under that comment.
    """
    article = visible_article(article_id)
    return render(request, "comments/discussion_page.html", discussion_context(request, article))


@shared_fragment(max_age=5)
def comments_fragment(request, article_id):
    """The approved comments of an article, the same for everyone, rendered once per change of the discussion."""
    article = visible_article(article_id)
    order, number = discussion.order_of(request), discussion.page_number_of(request)

    def rendered():
        context = {
            "article": article,
            "order": order,
            "page": discussion.threads(article_id, order, number),
            "total": discussion.approved_total(article_id),
            "flag_reasons": Flag.Reason.choices,
        }
        html = render(request, "comments/includes/list.html", context).content.decode()
        return html, {freshness.discussion_key(article_id), page_key(article_id)}

    return HttpResponse(remember(f"comments:{article_id}:{order}:{number}", rendered))


@private_fragment
def form_fragment(request, article_id):
    """The reader's part: the comment form and what happened to their last comment, or the sign-in choices."""
    article = visible_article(article_id)
    context = {
        "article": article,
        "is_open": is_open_for_comments(article),
        "started": int(time.time()),
        "next": safe_next(request, article.url),
        "max_length": settings.COMMENT_MAX_LENGTH,
        # The reader's own held and rejected comments: here, in their private part, never in the shared list.
        "own_comments": discussion.unpublished_by(article_id, request.user),
    }
    return render(request, "comments/includes/form.html", context)


NO_REPLIES = "This comment is not published, so it cannot take replies."


@private_fragment
def reply_fragment(request, article_id, comment_id):
    """The form to reply to one comment, naming its author, for the page's script to open under it."""
    article = visible_article(article_id)
    reply_to = replyable(article, comment_id)
    if reply_to is None:
        return HttpResponse(format_html('<p class="message message-error" role="alert">{}</p>', NO_REPLIES), status=404)
    context = {
        "article": article,
        "reply_to": reply_to,
        "is_open": is_open_for_comments(article),
        "started": int(time.time()),
        "next": safe_next(request, article.url),
        "max_length": settings.COMMENT_MAX_LENGTH,
    }
    return render(request, "comments/includes/reply_form.html", context)


def flag(request, comment_id):
    comment = get_object_or_404(Comment.objects.public(), pk=comment_id)
    back = safe_next(request, reverse("comments:discussion", args=[comment.article_id]))
    if request.method == "GET":
        return render(
            request, "comments/flag_page.html", {"comment": comment, "flag_reasons": Flag.Reason.choices, "next": back}
        )
    if request.method != "POST":
        return HttpResponseNotAllowed(["GET", "POST"])
    try:
        flag_comment(
            comment_id=comment_id,
            user=request.user,
            reason=request.POST.get("reason", ""),
            note=request.POST.get("note", ""),
        )
    except CommentRefused as refusal:
        return refusal_response(request, refusal, html=partial(refusal_page, request, comment.article_id))
    messages.success(request, "Thank you: a moderator will look at this comment.")
    return redirect(f"{back.split('#')[0]}#discussion", permanent=False)


@login_required
def edit(request, comment_id):
    comment = get_object_or_404(Comment, pk=comment_id, author=request.user)
    if request.method == "POST":
        try:
            comment = edit_comment(comment_id=comment_id, user=request.user, body=request.POST.get("body", ""))
        except CommentRefused as refusal:
            return refusal_response(request, refusal, html=partial(edit_page, request, comment))
        outcome_message(request, comment)
        return redirect("comments:mine")
    if not comment.is_editable_by(request.user):
        messages.error(request, f"Comments can be edited for {settings.COMMENTS_EDIT_MINUTES} minutes after posting.")
        return redirect("comments:mine")
    return render(request, "comments/edit_page.html", {"comment": comment, "body": comment.body})


def edit_page(request, comment, refusal):
    """Return the edit form with the reader's new text and the reason it was not saved."""
    messages.error(request, refusal.message)
    return render(request, "comments/edit_page.html", {"comment": comment, "body": request.POST.get("body", "")})


def plain_text(refusal):
    """Return the reason alone: deleting is a button on the reader's list, with no page of its own to show it on."""
    return HttpResponse(refusal.message, content_type="text/plain")


@login_required
def delete(request, comment_id):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        delete_comment(comment_id=comment_id, user=request.user)
    except CommentRefused as refusal:
        return refusal_response(request, refusal, html=plain_text)
    messages.success(request, "Your comment is deleted.")
    return redirect("comments:mine")


@never_cache
@login_required
def mine(request):
    """The reader's own comments, with what happened to each (and the rule, when one applied)."""
    own = Comment.objects.filter(author=request.user).exclude(status=Comment.Status.REMOVED).select_related("article")
    return render(request, "comments/mine.html", {"comments": own.order_by("-created_at")[:200]})


def standards(request):
    """The community standards: each rule with its own anchor, linked from the form and from refusals."""
    current = CommunityStandards.objects.prefetch_related("rules").first()
    return render(request, "comments/standards.html", {"standards": current})


@csrf_exempt  # the signed token is the authority; one-click opt-out (RFC 8058) posts without a form
def opt_out(request, token):
    """Stop reply e-mails: one click (POST, as mail clients send it); a GET asks first, since scanners follow links."""
    user_id = notifications.user_of_opt_out(token)
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    if user is None:
        raise Http404("This link is not valid.")
    if request.method == "POST":
        from broadsheet.accounts.models import Profile

        Profile.objects.update_or_create(user=user, defaults={"allow_reply_emails": False})
        return render(request, "comments/opted_out.html")
    return render(request, "comments/opt_out.html", {"token": token})
