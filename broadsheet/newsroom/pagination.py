from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404


def paginate(request, queryset, per_page=None):
    """Return the requested page of a listing; a bad or out-of-range page number is a 404."""
    paginator = Paginator(queryset, per_page or settings.ARTICLES_PER_PAGE)
    try:
        return paginator.page(request.GET.get("page", 1))
    except (EmptyPage, PageNotAnInteger):
        raise Http404("There is no such page of this listing.") from None
