"""Where a reader goes back to after signing up, confirming their address or signing in.

The header's "Sign in" and "Create an account" links carry `?next=<the page's path>`. Sign-up keeps
that path in the session, because between the form and the confirmed address lies a trip to the
reader's mailbox; the adapter reads it back. Only a path on this site is ever kept or followed.
"""

from django.utils.http import url_has_allowed_host_and_scheme

SESSION_KEY = "accounts_return_to"


def same_site_path(url):
    """Return url if it is a path on this site, else None (other sites, schemes and tricks)."""
    if not url or not url.startswith("/") or url.startswith("//") or any(ch in url for ch in "\\\r\n\t\x00"):
        return None
    # No host may be named at all (allowed_hosts empty): a path, never an address.
    return url if url_has_allowed_host_and_scheme(url, allowed_hosts=set()) else None


def remember_return(request, url):
    """Keep a same-site path to send the reader back to once they are signed in."""
    path = same_site_path(url)
    if path:
        request.session[SESSION_KEY] = path
    return path


def take_return(request):
    """Return the path kept by remember_return, once (None when there is none)."""
    if not hasattr(request, "session"):
        return None
    return same_site_path(request.session.pop(SESSION_KEY, None))
