"""Reporting an error in an article, and answering the report."""

from django.utils import timezone

from broadsheet.newsroom.models import ArticlePage
from broadsheet.refusals import Refused

from .models import ErrorReport


def report_error(*, article_id, text, email=""):
    """Keep a reader's report about a visible article; refuse one about an article nobody may read."""
    article = ArticlePage.objects.visible().filter(pk=article_id).first()
    if article is None:
        raise Refused("This article does not exist.", status=404, code="unknown_article")
    return ErrorReport.objects.create(article=article, text=text, email=email)


def answer_report(*, report_id, outcome, user):
    """Record what an Editor decided about a report; a report is answered once."""
    if outcome not in ErrorReport.Outcome.values:
        raise Refused("Choose Corrected or No change needed.", code="unknown_outcome")
    answered = ErrorReport.objects.filter(pk=report_id, outcome="").update(
        outcome=outcome, handled_at=timezone.now(), handled_by=user
    )
    if not answered:
        raise Refused("This report was already answered, or it does not exist.", status=409, code="answered")
