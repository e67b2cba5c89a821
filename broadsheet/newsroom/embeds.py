"""Embedded media (YouTube, Vimeo, X/Twitter, Instagram) through Wagtail's oEmbed support, safely.

An editor pastes a post's address; Wagtail asks the provider's oEmbed endpoint for the player and
stores it (the `wagtailembeds_embed` table). Two rules keep that safe:

- only addresses on the allowlist (EMBED_ALLOWED_HOSTS, https only, no port, no user part) are
  accepted, so the site never fetches an address an editor typed, internal ones included: only the
  fixed https endpoints of the providers are ever asked;
- what a reader's page prints is rebuilt from the stored answer with the allowlist sanitiser: an
  iframe from a player host (EMBED_FRAME_HOSTS, also the page's frame-src) or the quoted post's
  text and link, never the provider's scripts.

A reader's page never fetches: an embed not stored yet prints as a plain link.
"""

import ipaddress
from urllib.parse import urlsplit

import nh3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.safestring import mark_safe
from wagtail.embeds.models import Embed


def refusal(url):
    """Return why `url` may not be embedded (a sentence for the editor), or None if it may."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return "This is not a web address. Paste the address of the post or video, starting with https://."
    if parts.scheme != "https":
        return "Only https:// addresses can be embedded. Copy the post's address from the browser's address bar."
    host = (parts.hostname or "").lower().rstrip(".")
    try:
        ipaddress.ip_address(host)
        is_address = True
    except ValueError:
        is_address = False
    if is_address or parts.username or parts.password or port not in (None, 443):
        return "Embed a post by its public address on the provider's site, not by a network address."
    if host not in settings.EMBED_ALLOWED_HOSTS:
        providers = ", ".join(settings.EMBED_PROVIDER_NAMES)
        return f"Posts from {host or 'this address'} cannot be embedded. Embeds come from {providers} only."
    return None


def check_embeddable(url):
    """Raise ValidationError with the editor's message when `url` is not on the allowlist."""
    reason = refusal(url)
    if reason:
        raise ValidationError(reason, code="embed_refused")


def stored_embed(url):
    """Return the stored oEmbed answer for `url`, newest first, or None (a reader's page never fetches)."""
    return Embed.objects.filter(url=url).order_by("-last_updated").first()


def _frame_source(tag, attribute, value):
    if tag == "iframe" and attribute == "src":
        try:
            parts = urlsplit(value)
        except ValueError:
            return None
        ok = parts.scheme == "https" and (parts.hostname or "") in settings.EMBED_FRAME_HOSTS
        return value if ok else None
    return value


def safe_html(html, title):
    """Return the provider's embed HTML through the allowlist sanitiser: a player frame or quoted text.

    Every frame gets `title` (screen readers announce a frame by it) and loads only when scrolled near.
    """
    cleaned = nh3.clean(
        html or "",
        tags={"iframe", "blockquote", "p", "a", "br", "span"},
        attributes={
            "iframe": {"src", "title", "allow", "allowfullscreen", "referrerpolicy"},
            "a": {"href"},
        },
        url_schemes={"https"},
        attribute_filter=_frame_source,
        link_rel="noopener noreferrer nofollow",
        set_tag_attribute_values={"iframe": {"title": title, "loading": "lazy"}},
    )
    return mark_safe(cleaned)  # nosec B308 B703: what is left passed the allowlist sanitiser above
