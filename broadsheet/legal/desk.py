"""Readers' messages in the back office: the list for Editors and Administrators, and the number on their desk."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse

from broadsheet.newsroom.desk import may_publish
from broadsheet.refusals import Refused

from .models import ContactMessage
from .services import mark_handled


def unhandled_count(user):
    """How many messages wait for an answer, for those who speak for the newsroom (Editors, Administrators)."""
    if not may_publish(user):
        return None
    return ContactMessage.objects.filter(handled_at__isnull=True).count()


def list_url():
    return reverse("legal_messages")


def contact_messages(request):
    """The messages waiting for an answer, oldest first, and the last handled; POST marks one handled."""
    if not may_publish(request.user):
        raise PermissionDenied
    if request.method == "POST":
        try:
            mark_handled(message_id=request.POST.get("message", ""), user=request.user)
        except (Refused, ValueError) as refusal:
            messages.error(request, getattr(refusal, "message", "Choose a message to mark handled."))
        else:
            messages.success(request, "The message is marked handled.")
        return redirect("legal_messages")
    waiting = ContactMessage.objects.filter(handled_at__isnull=True)
    handled = ContactMessage.objects.filter(handled_at__isnull=False).select_related("handled_by")
    context = {"waiting": waiting, "handled": handled.order_by("-handled_at")[:20]}
    return render(request, "legal/admin/messages.html", context)
