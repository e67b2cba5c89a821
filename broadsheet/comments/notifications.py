"""E-mail to a reader when an approved reply answers their comment, with a one-click opt-out."""

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
