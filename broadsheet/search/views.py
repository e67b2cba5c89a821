from django.template.response import TemplateResponse
from wagtail.models import Page

from broadsheet import throttle
from broadsheet.newsroom.models import SectionPage
from broadsheet.newsroom.pagination import paginate

from .forms import SearchForm
from .names import named_in
from .queries import find_articles, snippet, terms_of
from .spelling import suggest

RESULTS_PER_PAGE = 10


def results(request):
    """Show the articles matching a reader's words and filters, or what to try when none do."""
    context = {"form": SearchForm(), "page_obj": None, "suggestion": None, "named": [], "refused": False}
    # Searches are per query and so never cached: a per-network allowance keeps a script from
    # turning the search box into a way to load the database.
    if not throttle.allow(request.reader, "search"):
        context["refused"] = True
        return TemplateResponse(request, "search/results.html", context, status=429)
    form = SearchForm(request.GET)
    context["form"] = form
    if not form.is_valid():
        return TemplateResponse(request, "search/results.html", context, status=400)
    query = form.cleaned_data
    articles = find_articles(**query)
    page = paginate(request, articles, per_page=RESULTS_PER_PAGE)
    terms = terms_of(query["q"])
    sections = {s.path: s for s in SectionPage.objects.visible()}
    context.update(
        page_obj=page,
        more_than_shown=articles.more_than_shown,
        asked=bool(terms) or page.paginator.count > 0,
        found=[
            {"article": a, "snippet": snippet(a, terms), "section": sections.get(a.path[: -Page.steplen])} for a in page
        ],
        named=named_in(terms) if terms and page.number == 1 else [],
        suggestion=suggest(**query) if terms and not page.paginator.count else None,
    )
    return TemplateResponse(request, "search/results.html", context)
