"""The edge's own answers (413, 408, a file not found): with the security headers Django's answers carry.

They are read from the settings Django's middleware reads (SecurityMiddleware's SECURE_*,
X_FRAME_OPTIONS, django-csp's policy, PERMISSIONS_POLICY), in this one place; tests/edge/test_chain.py holds them
equal to what Django's middleware puts on an answer.
"""

from csp.utils import build_policy
from django.conf import settings


def security_headers(*, is_secure):
    """Return (name, value) pairs of the security headers Django's middleware gives every answer."""
    headers = []
    if is_secure and settings.SECURE_HSTS_SECONDS:
        hsts = f"max-age={settings.SECURE_HSTS_SECONDS}"
        if settings.SECURE_HSTS_INCLUDE_SUBDOMAINS:
            hsts += "; includeSubDomains"
        if settings.SECURE_HSTS_PRELOAD:
            hsts += "; preload"
        headers.append(("strict-transport-security", hsts))
    if settings.SECURE_CONTENT_TYPE_NOSNIFF:
        headers.append(("x-content-type-options", "nosniff"))
    if settings.SECURE_REFERRER_POLICY:
        policy = settings.SECURE_REFERRER_POLICY
        headers.append(("referrer-policy", policy if isinstance(policy, str) else ",".join(policy)))
    if settings.SECURE_CROSS_ORIGIN_OPENER_POLICY:
        headers.append(("cross-origin-opener-policy", settings.SECURE_CROSS_ORIGIN_OPENER_POLICY))
    headers.append(("x-frame-options", settings.X_FRAME_OPTIONS.upper()))
    if policy := build_policy():
        headers.append(("content-security-policy", policy))
    if policy := build_policy(report_only=True):
        headers.append(("content-security-policy-report-only", policy))
    if settings.PERMISSIONS_POLICY:
        headers.append(("permissions-policy", settings.PERMISSIONS_POLICY))
    return headers


def refusal(status, message, *, is_secure, closes=True):
    """Return (status, headers, body) for granian: a short text answer the edge gives itself."""
    headers = [
        ("content-type", "text/plain; charset=utf-8"),
        ("cache-control", "no-store"),
        *security_headers(is_secure=is_secure),
    ]
    if closes:
        # The client may still be sending: say we will not read the rest.
        headers.append(("connection", "close"))
    return status, headers, (message + "\n").encode()
