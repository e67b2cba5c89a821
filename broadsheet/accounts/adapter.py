"""How allauth treats readers: accounts with no back-office access, sent back to where they were."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings

from .models import Profile, is_newsroom_staff
from .returning import take_return


class ReaderAccountAdapter(DefaultAccountAdapter):
    def pre_login(self, request, user, **kwargs):
        # Staff sign in where two-factor sign-in is asked for: the back office's own login page.
        if is_newsroom_staff(user):
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

    def get_login_redirect_url(self, request):
        # The page the reader signed up from (kept through the trip to their mailbox), else the profile.
        return take_return(request) or super().get_login_redirect_url(request)

    def get_email_verification_redirect_url(self, email_address):
        if self.request.user.is_authenticated:
            return take_return(self.request) or super().get_email_verification_redirect_url(email_address)
        return super().get_email_verification_redirect_url(email_address)

    def send_mail(self, template_prefix, email, context):
        # Every account e-mail is signed with the site's name and address and offers the contact
        # page; replies reach a person (CONTACT_EMAIL), not the sending address.
        context = {
            **context,
            "site_name": settings.WAGTAIL_SITE_NAME,
            "site_url": settings.SITE_URL,
            "contact_url": f"{settings.SITE_URL}/contact/",
        }
        super().send_mail(template_prefix, email, context)

    def render_mail(self, template_prefix, email, context, headers=None):
        message = super().render_mail(template_prefix, email, context, headers=headers)
        message.reply_to = [settings.CONTACT_EMAIL]
        return message


def name_from_provider(sociallogin):
    """Return the name an outside provider gives for the reader ("" when it gives none)."""
    data = sociallogin.account.extra_data or {}
    info = data.get("userinfo", data) if isinstance(data, dict) else {}
    return str(info.get("name") or info.get("preferred_username") or "").strip()[:50]


class ReaderSocialAccountAdapter(DefaultSocialAccountAdapter):
    def get_signup_form_initial_data(self, sociallogin):
        # The sign-up form a reader from an outside provider fills in (to agree to the Terms)
        # starts with the name the provider gave, which they may change.
        return {**super().get_signup_form_initial_data(sociallogin), "display_name": name_from_provider(sociallogin)}

    def save_user(self, request, sociallogin, form=None):
        sociallogin.user.is_staff = False
        sociallogin.user.is_superuser = False
        user = super().save_user(request, sociallogin, form)
        name = name_from_provider(sociallogin)
        Profile.objects.get_or_create(user=user, defaults={"display_name": name or user.email.split("@")[0]})
        return user
