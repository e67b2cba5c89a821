"""Sign-in throttling: the pieces django-axes calls (see the `# Sign-in security` settings).

Axes counts failed `django.contrib.auth.authenticate()` calls, whichever page makes them: the back
office's login today, readers' sign-in later. Failures are counted twice, per account and per
network, and either count reaching the limit refuses sign-in, even with the right password:
- per account, so guessing one person's password from many networks gets nowhere;
- per network, so trying many accounts from one place gets nowhere.
Counts live in the shared cache (Redis in production) and expire on their own; the network is
stored only as the salted hash `identity` uses, never as an address.
"""

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.template.response import TemplateResponse

from broadsheet.identity import client_ip, network_hash

# Axes builds each counter's key from the bare values, so an account named like a network would
# share that network's counter (and could lock it out): the prefixes keep the two apart.
ACCOUNT_PREFIX = "account:"
NETWORK_PREFIX = "network:"


def client_network(request):
    """Return the network a failed sign-in is counted against (AXES_CLIENT_IP_CALLABLE).

    `client_ip` believes X-Forwarded-For only from our own proxies, so a forged header neither
    escapes the count nor charges it to somebody else; IPv6 is counted by its /64.
    """
    return NETWORK_PREFIX + network_hash(client_ip(request))


def account_of(request, credentials):
    """Return the account a sign-in attempt names (AXES_USERNAME_CALLABLE), or None.

    Readers may sign in with an email address rather than a username: either names the account.
    Case is folded so "Admin" and "admin" share one allowance.
    """
    credentials = credentials or {}
    name = credentials.get("username") or credentials.get("email")
    if name is None and request is not None:
        data = getattr(request, "data", None) or getattr(request, "POST", {})  # axes also passes stored attempts
        name = data.get("username") or data.get("login") or data.get("email")
    if not name:
        return None
    return ACCOUNT_PREFIX + str(name).strip().casefold()


def lockout_parameters(request, credentials):
    """Count by account and, separately, by network (AXES_LOCKOUT_PARAMETERS).

    An attempt that names no account is counted by network alone: otherwise every such attempt,
    from anywhere, would share one empty "account" counter.
    """
    if account_of(request, credentials) is None:
        return ["ip_address"]
    return ["username", "ip_address"]


def lockout_message():
    minutes = settings.SIGN_IN_LOCKOUT_MINUTES
    wait = f"{minutes} minutes" if minutes != 1 else "a minute"
    return (
        "Too many failed sign-in attempts for this account or from your network, so sign-in is "
        f"paused for your protection. Please wait {wait} and try again; the pause also applies to "
        "the right password. If you have forgotten your password, use “Forgotten password?” or "
        "ask an Administrator."
    )


def locked_out(request, original_response, credentials):
    """Answer a refused sign-in (AXES_LOCKOUT_CALLABLE): the same sign-in page, saying why, as 429.

    The page the view rendered says "incorrect username or password", which is untrue and would
    send the person guessing again: its form's errors are replaced by the real reason.
    """
    context = getattr(original_response, "context_data", None)
    template = getattr(original_response, "template_name", None)
    form = (context or {}).get("form")
    if form is not None and template:
        form.errors.clear()
        form.add_error(None, lockout_message())
        return TemplateResponse(request, template, context, status=429).render()
    return TemplateResponse(request, "staff/locked_out.html", {"message": lockout_message()}, status=429).render()


class SignInThrottleBackend(AxesStandaloneBackend):
    """Refuse to authenticate an account or network that is locked out (first in AUTHENTICATION_BACKENDS).

    A call without a request (the test client's `login()`, a shell) has no network to count and is
    not a sign-in from the web; axes would raise on it, so it is passed on to the next backend.
    Every web sign-in (Wagtail's login, django-allauth) passes its request.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)
