from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache

from broadsheet import throttle
from broadsheet.edge.limits import accepts_bodies_up_to
from broadsheet.newsroom.models import ArticlePage
from broadsheet.refusals import Refused, refusal_response

from .forms import ErrorReportForm
from .services import report_error


# 2,000 characters of text, an address and the form's token, with room for multi-byte letters.
@accepts_bodies_up_to(12 * 1024)
@never_cache
def report(request, article_id):
    """ "Report an error" for one article: the form, and the thanks once the report is kept."""
    article = get_object_or_404(ArticlePage.objects.visible(), pk=article_id)
    form = ErrorReportForm(request.POST or None)
    context = {"article": article, "form": form, "sent": False}
    if request.method != "POST":
        return TemplateResponse(request, "errata/report_page.html", context)
    # Counted before the form is read: a flood is turned away before anything is written.
    if not throttle.allow(request.reader, "error_report"):
        refusal = Refused("You have sent several reports already; please try again in an hour.", status=429)
        return refusal_response(request, refusal, html=lambda r: page_with(request, context, r.message))
    if not form.is_valid():
        return TemplateResponse(request, "errata/report_page.html", context, status=400)
    try:
        report_error(article_id=article.pk, text=form.cleaned_data["text"], email=form.cleaned_data["email"])
    except Refused as refusal:
        return refusal_response(request, refusal, html=lambda r: page_with(request, context, r.message))
    return TemplateResponse(request, "errata/report_page.html", {**context, "sent": True})


def page_with(request, context, message):
    return TemplateResponse(request, "errata/report_page.html", {**context, "refusal": message})
