from django.http import JsonResponse
from django.shortcuts import render


def csrf_failure(request, reason=""):
    """Explain a refused form in words a reader understands (and in JSON to scripts)."""
    message = (
        "Your form expired or came from another page, so nothing was saved. "
        "Reload the page and try again; cookies must be allowed for this site."
    )
    if request.headers.get("X-Requested-With") == "fetch":
        return JsonResponse({"ok": False, "code": "csrf", "message": message}, status=403)
    return render(request, "403_csrf.html", {"message": message}, status=403)
