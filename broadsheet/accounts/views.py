from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from .forms import DeleteAccountForm, ProfileForm
from .models import Profile


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
def delete_account(request):
    """Delete the reader's account for good; their comments stay, shown as from a deleted reader."""
    form = DeleteAccountForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        if user.is_staff or user.is_superuser:
            # Staff accounts are removed by an Administrator, who keeps the newsroom's records in order.
            messages.error(request, "Staff accounts are deleted by an Administrator.")
            return redirect("accounts_profile")
        logout(request)
        user.delete()
        return render(request, "accounts/deleted.html")
    return render(request, "accounts/delete.html", {"form": form}, status=400 if form.errors else 200)
