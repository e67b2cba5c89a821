"""Readers' messages to the newsroom: kept for the back office, sent on by e-mail, marked handled."""

import logging
from email.utils import formataddr

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from broadsheet.refusals import Refused

from .models import ContactMessage

logger = logging.getLogger(__name__)


def send_contact_message(*, name, email, subject, message):
    """Keep a reader's message and e-mail it to CONTACT_EMAIL, with Reply-To set to the reader."""
    with transaction.atomic():
        kept = ContactMessage.objects.create(name=name, email=email, subject=subject, message=message)
    mail = EmailMessage(
        subject=f"{kept.get_subject_display()} from {name} (contact form)",
        body=f"{message}\n\n--\n{name} <{email}> wrote through the contact form.\n"
        "Answer by replying to this e-mail; mark the message handled in the back office under Messages.\n",
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[settings.CONTACT_EMAIL],
        reply_to=[formataddr((name, email))],
    )
    try:
        mail.send()
    except OSError:
        # The message is kept and listed in the back office, so the reader is not asked to write again.
        logger.exception("The contact message %s was kept but could not be e-mailed.", kept.pk)
    return kept


def mark_handled(*, message_id, user):
    """Record that someone in the newsroom answered (or dealt with) a message; a message is handled once."""
    handled = ContactMessage.objects.filter(pk=message_id, handled_at__isnull=True).update(
        handled_at=timezone.now(), handled_by=user
    )
    if not handled:
        raise Refused("This message was already handled, or it does not exist.", status=409, code="handled")
