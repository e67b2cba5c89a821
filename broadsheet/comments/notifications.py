"""E-mail to readers: an approved reply to their comment (with a one-click opt-out), and their comments rejected.

A rejection is always told, with the rule it broke and the moderator's note: it is a decision
about the reader's own words, not news they chose to hear, so there is nothing to opt out of. The
same is on their "Your comments" page for readers without an address.
"""

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

OPT_OUT_SALT = "broadsheet.comments.opt-out"


def opt_out_url(user_id):
    return settings.SITE_URL + reverse("comments:opt_out", args=[signing.dumps(user_id, salt=OPT_OUT_SALT)])


def user_of_opt_out(token):
    try:
        return signing.loads(token, salt=OPT_OUT_SALT)
    except signing.BadSignature:
        return None


def reply_published(reply):
    """Once committed, tell the author of the comment answered, if they want to hear (only published replies)."""
    from .models import Comment

    if reply.parent_id is None:
        return

    def send():
        fresh = Comment.objects.select_related("parent__author__profile", "author__profile", "article").get(pk=reply.pk)
        parent = fresh.parent
        person = parent.author if parent else None
        if (
            fresh.status != Comment.Status.APPROVED
            or parent.status != Comment.Status.APPROVED
            or person is None
            or person.pk == fresh.author_id
            or not person.email
        ):
            return
        profile = getattr(person, "profile", None)
        if profile is not None and not profile.allow_reply_emails:
            return
        from broadsheet.accounts.models import display_name_of

        unsubscribe = opt_out_url(person.pk)
        body = render_to_string(
            "comments/reply_email.txt",
            {
                "reply": fresh,
                "replier": display_name_of(fresh.author),
                "article": fresh.article,
                "url": settings.SITE_URL
                + reverse("comments:discussion", args=[fresh.article_id])
                + f"#comment-{fresh.pk}",
                "unsubscribe": unsubscribe,
            },
        )
        EmailMessage(
            subject=f"A reply to your comment on “{fresh.article.title}”",
            body=body,
            to=[person.email],
            headers={"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
        ).send(fail_silently=True)

    transaction.on_commit(send)


def comments_rejected(comments):
    """Once committed, tell each author with an address which of their comments were rejected and why, in one e-mail."""
    from broadsheet.accounts.models import display_name_of

    by_author = {}
    for comment in comments:
        if comment.author_id is not None:
            by_author.setdefault(comment.author_id, []).append(comment.pk)

    def send():
        from .models import Comment

        for ids in by_author.values():
            rejected = list(
                Comment.objects.select_related("author__profile", "article")
                .filter(pk__in=ids, status=Comment.Status.REJECTED)
                .order_by("pk")
            )
            person = rejected[0].author if rejected else None
            if person is None or not person.email:
                continue
            body = render_to_string(
                "comments/rejected_email.txt",
                {
                    "name": display_name_of(person),
                    "comments": rejected,
                    "standards": settings.SITE_URL + reverse("comments:standards"),
                    "mine": settings.SITE_URL + reverse("comments:mine"),
                },
            )
            subject = "Your comment was not published" if len(rejected) == 1 else "Your comments were not published"
            EmailMessage(subject=subject, body=body, to=[person.email]).send(fail_silently=True)

    transaction.on_commit(send)
