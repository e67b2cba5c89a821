"""What happens to a reader's account: consent recorded, their data handed over, the account deleted."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .models import Consent, display_name_of, is_newsroom_staff

# Recorded when a reader signs up while no Terms page is published: the row still says when they
# ticked the box, and which text (none) it referred to.
NO_TERMS_PUBLISHED = "none published"

VOTES_NOTE = (
    "Your poll votes are not listed: votes are anonymous. Polls show only totals, never who voted "
    "for what, and this file keeps it that way."
)


def record_consent(*, user, terms, now=None):
    """Record that the reader accepted these Terms (an object with .version, or None) now."""
    return Consent.objects.create(
        user=user,
        accepted_at=now or timezone.now(),
        terms_version=terms.version if terms is not None else NO_TERMS_PUBLISHED,
    )


def export_reader_data(*, user):
    """Return everything the site keeps about a reader, as a dictionary ready for JSON."""
    from allauth.account.models import EmailAddress
    from allauth.socialaccount.models import SocialAccount

    from broadsheet.comments.models import Comment, Flag

    def when(moment):
        return moment.isoformat() if moment else None

    def absolute(url):
        # Wagtail gives a path on a one-site install and a full address when it serves several.
        return settings.SITE_URL + url if url and url.startswith("/") else url

    profile = getattr(user, "profile", None)
    comments = Comment.objects.filter(author=user).select_related("article").order_by("created_at", "pk")
    return {
        "site": settings.SITE_URL,
        "exported_at": when(timezone.now()),
        "account": {
            "email": user.email,
            "joined_at": when(user.date_joined),
            "last_signed_in_at": when(user.last_login),
        },
        "profile": {
            "display_name": display_name_of(user),
            "allow_reply_emails": profile.allow_reply_emails if profile else None,
        },
        "email_addresses": [
            {"email": address.email, "is_verified": address.verified, "is_primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        "connected_accounts": [
            {"provider": account.provider, "connected_at": when(account.date_joined)}
            for account in SocialAccount.objects.filter(user=user)
        ],
        "consents": [
            {"terms_version": consent.terms_version, "accepted_at": when(consent.accepted_at)}
            for consent in user.consents.all()
        ],
        "comments": [
            {
                "article": absolute(comment.article.url),
                "article_title": comment.article.title,
                "status": comment.get_status_display(),
                "written_at": when(comment.created_at),
                "edited_at": when(comment.edited_at),
                "text": comment.body,
                "moderators_note": comment.reason,
            }
            for comment in comments
        ],
        "flags": [
            {
                "comment": flag.comment_id,
                "reason": flag.get_reason_display(),
                "note": flag.note,
                "at": when(flag.created_at),
            }
            for flag in Flag.objects.filter(reporter=user).order_by("created_at")
        ],
        "votes": VOTES_NOTE,
    }


@transaction.atomic
def delete_reader_account(*, user):
    """Delete a reader's account for good; their comments stay, shown as from "a deleted reader".

    The profile (their display name), e-mail addresses, connected accounts and consent records go
    with the account. Comments lose their author, so no page can name them again; the discussions
    they wrote in are invalidated by the comments app's own receiver of the deletion.
    """
    if is_newsroom_staff(user):
        # Staff accounts are removed by an Administrator, who keeps the newsroom's records in order.
        raise ValidationError("Staff accounts are deleted by an Administrator.", code="staff")
    user.delete()
