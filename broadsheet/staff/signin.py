"""Sign-in throttling: the pieces django-axes calls (see the `# Sign-in security` settings).

Axes counts failed `django.contrib.auth.authenticate()` calls, whichever page makes them: the back
office's login today, readers' sign-in later. Failures are counted per (account, network) pair and
per network, and either count reaching the limit refuses sign-in from that network, even with the
right password:
- per pair, so guessing one person's password from one place gets nowhere;
- per network, so trying many accounts from one place gets nowhere.
Neither locks the account itself: a stranger's wrong passwords for `admin` must not keep the
newsroom out on a breaking-news day. An account that fails from many networks is only slowed:
past SIGN_IN_ACCOUNT_FAILURE_LIMIT failures it takes one attempt every SIGN_IN_ACCOUNT_PAUSE_SECONDS
(from anywhere), which makes guessing from a botnet slow while its owner waits seconds, not an hour.
Counts live in the shared cache (Redis in production) and expire on their own; the network is
stored only as the salted hash `identity` uses, never as an address.
"""

from axes.backends import AxesStandaloneBackend
from axes.handlers.cache import AxesCacheHandler
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
    """Count by (account, network) pair and, separately, by network (AXES_LOCKOUT_PARAMETERS).

    Never by account alone: that count would let anyone lock anyone out (the account is slowed by
    SignInHandler instead). An attempt that names no account is counted by network alone.
    """
    if account_of(request, credentials) is None:
        return ["ip_address"]
    return [["username", "ip_address"], "ip_address"]


def account_keys(account):
    """Return the cache keys of an account's failures from every network, and of its pause."""
    return f"signin:account-failures:{account}", f"signin:account-pause:{account}"


class SignInHandler(AxesCacheHandler):
    """Axes' cache handler, also slowing an account that fails from many networks (AXES_HANDLER)."""

    def is_locked(self, request, credentials=None):
        if super().is_locked(request, credentials):
            return True
        account = account_of(request, credentials)
        if account is not None and self.cache.get(account_keys(account)[1]):
            request.signin_account_paused = True
            return True
        return False

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        # An attempt refused during a pause was never checked against the password: not counted.
        refused = request is not None and getattr(request, "axes_locked_out", False)
        super().user_login_failed(sender, credentials, request=request, **kwargs)
        account = account_of(request, credentials)
        if refused or account is None:
            return
        failures_key, pause_key = account_keys(account)
        window = settings.SIGN_IN_LOCKOUT_MINUTES * 60
        if not self.cache.add(failures_key, 1, timeout=window):
            self.cache.incr(failures_key)
            self.cache.touch(failures_key, timeout=window)
        if self.cache.get(failures_key, 0) >= settings.SIGN_IN_ACCOUNT_FAILURE_LIMIT:
            self.cache.set(pause_key, 1, timeout=settings.SIGN_IN_ACCOUNT_PAUSE_SECONDS)


def lockout_message(request=None):
    if getattr(request, "signin_account_paused", False):
        seconds = settings.SIGN_IN_ACCOUNT_PAUSE_SECONDS
        return (
            "This account has had many failed sign-in attempts from several networks, so it takes "
            f"one attempt every {seconds} seconds for its protection. Please wait {seconds} seconds "
            "and try again. If you have forgotten your password, use “Forgotten password?” or ask "
            "an Administrator."
        )
    minutes = settings.SIGN_IN_LOCKOUT_MINUTES
    wait = f"{minutes} minutes" if minutes != 1 else "a minute"
    return (
        "Too many failed sign-in attempts from your network, so sign-in from here is paused for "
        f"your protection. Please wait {wait} and try again; the pause also applies to the right "
        "password. If you have forgotten your password, use “Forgotten password?” or ask an "
        "Administrator."
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
        form.add_error(None, lockout_message(request))
        return TemplateResponse(request, template, context, status=429).render()
    context = {"message": lockout_message(request)}
    return TemplateResponse(request, "staff/locked_out.html", context, status=429).render()


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
