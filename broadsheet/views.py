import re
from datetime import UTC, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.utils import timezone
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import defaults
from django.views.decorators.cache import cache_control

from broadsheet.newsroom.addresses import absolute, site_host
from broadsheet.newsroom.structured_data import search_address
from broadsheet.pagecache.dependencies import mark_cacheable
from broadsheet.refusals import Refused, refusal_response


def safe_next(request, default):
    """Return the `next` address a form or link asks to come back to if it is on this site, else `default`.

    The one check every place that redirects after an action uses (votes, comments, sign-in
    steps), so none of them can be turned into an off-site redirect.
    """
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def csrf_failure(request, reason=""):
    """Explain a refused form in words a reader understands (and in JSON to scripts)."""
    message = (
        "Your form expired or came from another page, so nothing was saved. "
        "Reload the page and try again; cookies must be allowed for this site."
    )
    refusal = Refused(message, status=403, code="csrf")
    return refusal_response(
        request, refusal, html=lambda refusal: render(request, "403_csrf.html", {"message": message})
    )


def page_not_found(request, exception):
    """Answer 404 with the site's page, saying what it shows (the site's navigation, like every page).

    So the page cache can keep a listing's 404 to numbers that are no page of it, and a flood of
    `?page=abc` is answered from the cache rather than rendered each time. Other 404s are not kept.
    """
    return mark_cacheable(defaults.page_not_found(request, exception), set())


def not_found(request, *args, **kwargs):
    """Answer 404: for a view a dependency mounts that this site must not expose."""
    raise Http404()


def security_contact():
    """Return where security reports go: SECURITY_CONTACT, or a guess at security@ the site's host."""
    return settings.SECURITY_CONTACT or f"mailto:security@{site_host()}"


@cache_control(max_age=86400, public=True)
def security_txt(request):
    """Serve /.well-known/security.txt (RFC 9116): where to report a vulnerability, valid for a year."""
    # Expires is computed, so the file never goes stale on a site that keeps running the code.
    expires = (timezone.now() + timedelta(days=365)).replace(microsecond=0)
    lines = [
        f"Contact: {security_contact()}",
        f"Expires: {expires.astimezone(UTC).strftime('%Y-%m-%dT%H:%M:%SZ')}",
        "Preferred-Languages: en",
    ]
    # RFC 9116 §2.5.2: Canonical names the https address the file is served at; a site on plain
    # http (development) has none to name.
    if settings.SITE_URL.startswith("https://"):
        lines.append(f"Canonical: {settings.SITE_URL}/.well-known/security.txt")
    if settings.SECURITY_POLICY_URL:
        lines.append(f"Policy: {settings.SECURITY_POLICY_URL}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


# Hosts nobody outside can reach, or reserved for examples (RFC 2606, RFC 6761).
UNREACHABLE_HOSTS = re.compile(
    r"(^|\.)(localhost|example|test|invalid|local)$|(^|\.)example\.(com|net|org)$|^127\.|^\[?::1\]?$|^0\.0\.0\.0$"
)


def check_security_contact(app_configs=None, **kwargs):
    """Warn (`check --deploy`) when security.txt would send reports nowhere anyone reads."""
    contact = settings.SECURITY_CONTACT
    hint = "Set SECURITY_CONTACT to a mailto: or https: address your team reads (RFC 9116)."
    if not contact:
        return [
            checks.Warning(
                f"security.txt names a guessed contact ({security_contact()}).", hint=hint, id="broadsheet.W010"
            )
        ]
    scheme, _, rest = contact.partition(":")
    host = rest.rpartition("@")[2] if scheme == "mailto" else (urlsplit(contact).hostname or "")
    if scheme not in ("mailto", "https") or not host or UNREACHABLE_HOSTS.search(host.lower()):
        return [checks.Warning(f"SECURITY_CONTACT ({contact}) cannot be reached.", hint=hint, id="broadsheet.W011")]
    return []


# OpenSearch limits a short name to 16 characters and a description to 1,024.
OPENSEARCH_SHORT_NAME_LENGTH = 16


@cache_control(max_age=86400, public=True)
def opensearch(request):
    """Describe the site's search to browsers, which then offer it from the address bar (OpenSearch 1.1)."""
    search = search_address()
    if search is None:
        raise Http404("This site has no search.")
    name = settings.WAGTAIL_SITE_NAME
    fields = {
        "short_name": escape(name[:OPENSEARCH_SHORT_NAME_LENGTH]),
        "description": escape(f"Search the articles of {name}"),
        "template": escape(absolute(search) + "?q={searchTerms}"),
        "form": escape(absolute(search)),
        "self": escape(absolute(request.path)),
        "icon": escape(absolute(static("newsroom/icons/icon-64.png"))),
        "favicon": escape(absolute("/favicon.ico")),
    }
    document = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<OpenSearchDescription xmlns="http://a9.com/-/spec/opensearch/1.1/" '
        'xmlns:moz="http://www.mozilla.org/2006/browser/search/">\n'
        "  <ShortName>{short_name}</ShortName>\n"
        "  <Description>{description}</Description>\n"
        "  <InputEncoding>UTF-8</InputEncoding>\n"
        '  <Image width="16" height="16" type="image/x-icon">{favicon}</Image>\n'
        '  <Image width="64" height="64" type="image/png">{icon}</Image>\n'
        '  <Url type="text/html" method="get" template="{template}"/>\n'
        '  <Url type="application/opensearchdescription+xml" rel="self" template="{self}"/>\n'
        "  <moz:SearchForm>{form}</moz:SearchForm>\n"
        "</OpenSearchDescription>\n"
    ).format(**fields)
    return HttpResponse(document, content_type="application/opensearchdescription+xml; charset=utf-8")
