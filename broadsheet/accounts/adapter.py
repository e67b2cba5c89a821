"""How allauth treats readers: accounts with no back-office access, sent back to where they were."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter

from .models import Profile


class ReaderAccountAdapter(DefaultAccountAdapter):
    def pre_login(self, request, user, **kwargs):
        # Staff sign in where two-factor sign-in is asked for: the back office's own login page.
        if user.is_staff or user.is_superuser or user.has_perm("wagtailadmin.access_admin"):
            from allauth.account.internal.stagekit import clear_login
            from django.contrib import messages
            from django.shortcuts import redirect

            clear_login(request)
            messages.info(request, "Newsroom staff sign in to the back office here.")
            return redirect("/admin/login/")
        return super().pre_login(request, user, **kwargs)

    def save_user(self, request, user, form, commit=True):
        # A reader account never reaches the back office, whatever a form might try to set.
        user.is_staff = False
        user.is_superuser = False
        return super().save_user(request, user, form, commit=commit)


class ReaderSocialAccountAdapter(DefaultSocialAccountAdapter):
    def save_user(self, request, sociallogin, form=None):
        sociallogin.user.is_staff = False
        sociallogin.user.is_superuser = False
        user = super().save_user(request, sociallogin, form)
        data = sociallogin.account.extra_data or {}
        info = data.get("userinfo", data) if isinstance(data, dict) else {}
        name = str(info.get("name") or info.get("preferred_username") or "").strip()[:50]
        Profile.objects.get_or_create(user=user, defaults={"display_name": name or user.email.split("@")[0]})
        return user
