"""Corrections asked for, in the back office: the Editors' list and the number on their desk."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse

from broadsheet.newsroom.desk import may_publish
from broadsheet.refusals import Refused

from .models import ErrorReport
from .services import answer_report


def open_count(user):
    """How many reports wait for an answer, for those who publish (and so correct) articles."""
    if not may_publish(user):
        return None
    return ErrorReport.objects.filter(outcome="").count()


def list_url():
    return reverse("errata_reports")


def reports(request):
    """The reports waiting for an answer, oldest first, and the last answered; POST answers one."""
    if not may_publish(request.user):
        raise PermissionDenied
    if request.method == "POST":
        try:
            answer_report(
                report_id=request.POST.get("report", ""), outcome=request.POST.get("outcome", ""), user=request.user
            )
        except (Refused, ValueError) as refusal:
            messages.error(request, getattr(refusal, "message", "Choose a report to answer."))
        else:
            messages.success(request, "The report is answered.")
        return redirect("errata_reports")
    waiting = ErrorReport.objects.filter(outcome="").select_related("article")
    answered = ErrorReport.objects.exclude(outcome="").select_related("article", "handled_by").order_by("-handled_at")
    context = {"waiting": waiting, "answered": answered[:20], "outcomes": ErrorReport.Outcome.choices}
    return render(request, "errata/admin/reports.html", context)
