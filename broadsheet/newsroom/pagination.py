from django.conf import settings
from django.core.paginator import EmptyPage, Paginator
from django.http import Http404

from broadsheet.pagecache.middleware import NOT_A_PAGE_NUMBER, record_page_count, requested_page_number


def paginate(request, queryset, per_page=None):
    """Return the requested page of a listing; a bad or out-of-range page number is a 404.

    What counts as a page number is the page cache's rule, so every spelling the cache keeps
    apart is a page and every other is refused (`+1` and `0` are not page one). The count of pages
    goes to the page cache, which then answers numbers beyond the last page with its kept 404.
    """
    number = requested_page_number(request)
    if number is NOT_A_PAGE_NUMBER:
        raise Http404("There is no such page of this listing.")
    paginator = Paginator(queryset, per_page or settings.ARTICLES_PER_PAGE)
    record_page_count(request, paginator.num_pages)
    try:
        return paginator.page(number or 1)
    except EmptyPage:
        raise Http404("There is no such page of this listing.") from None
