"""How allauth treats readers: accounts with no back-office access, sent back to where they were."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter

from .models import Profile


class ReaderAccountAdapter(DefaultAccountAdapter):
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
