from django.shortcuts import render

from .http import private_fragment


@private_fragment
def account_bar(request):
    """Return the reader's sign-in state: who is signed in, and the back office for staff."""
    return render(request, "fragments/account_bar.html", {"next": request.GET.get("next", "/")})
