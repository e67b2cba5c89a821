from django.conf import settings
from django.core.exceptions import BadRequest


class RequestLimitsMiddleware:
    """Refuse oversized query strings with a 400 before any view or cache lookup sees them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if len(request.META.get("QUERY_STRING", "")) > settings.MAX_QUERY_STRING_LENGTH:
            raise BadRequest("The address is too long.")
        return self.get_response(request)
