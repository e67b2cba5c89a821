import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .forms import DeleteAccountForm, ProfileForm
from .models import Profile
from .services import delete_reader_account, export_reader_data


@never_cache
@login_required
def profile(request):
    """The reader's own page: display name, reply e-mails, links to their comments and account settings."""
    own, _ = Profile.objects.get_or_create(
        user=request.user, defaults={"display_name": (request.user.email or request.user.get_username()).split("@")[0]}
    )
    form = ProfileForm(request.POST if request.method == "POST" else None, instance=own)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your settings are saved.")
        return redirect("accounts_profile")
    return render(request, "accounts/profile.html", {"form": form}, status=400 if form.errors else 200)


@never_cache
@login_required
@require_GET
def export_data(request):
    """Send the reader everything the site keeps about them, as a JSON file to download."""
    data = export_reader_data(user=request.user)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False) + "\n", content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="my-data-{timezone.localdate():%Y-%m-%d}.json"'
    return response


@never_cache
@login_required
def delete_account(request):
    """Delete the reader's account for good; their comments stay, shown as from a deleted reader."""
    form = DeleteAccountForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            delete_reader_account(user=request.user)
        except ValidationError as refused:
            messages.error(request, refused.messages[0])
            return redirect("accounts_profile")
        logout(request)
        return render(request, "accounts/deleted.html")
    return render(request, "accounts/delete.html", {"form": form}, status=400 if form.errors else 200)
