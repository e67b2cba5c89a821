"""Response headers for fragments: shared ones are cacheable for seconds, per-reader ones never."""

from functools import wraps

from django.utils.cache import patch_cache_control


def shared_fragment(max_age=5):
    """Mark a fragment that is the same for every reader (counts, results) as briefly cacheable."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            if response.status_code == 200:
                patch_cache_control(response, public=True, max_age=max_age, s_maxage=max_age)
            return response

        return wrapper

    return decorate


def private_fragment(view):
    """Mark a fragment that differs per reader (forms, sign-in state): never stored by anyone."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        patch_cache_control(response, private=True, no_store=True)
        return response

    return wrapper
