"""Back-office avatars drawn from a person's initials, so no picture is fetched from anywhere else.

Wagtail's default asks Gravatar for each person's picture, which hands a third party a hash of
every colleague's e-mail address (and, over plain http, to anyone on the way). Instead each
person gets a coloured circle with their initials, written into the page as a data: URL: no
request at all. A picture someone uploads on their account page is still shown, from our media.
"""

from urllib.parse import quote
from xml.sax.saxutils import escape

# Dark enough for white letters to read at small sizes (contrast above 4.5:1 on every one).
COLOURS = ("#1f4e8c", "#2e5e4e", "#7a3e9d", "#a23b2a", "#5c4a12", "#38577a", "#8a2d5c", "#2f5d1f")

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">'
    '<rect width="64" height="64" fill="{colour}"/>'
    '<text x="32" y="32" dy="0.35em" text-anchor="middle" fill="#fff" '
    'font-family="system-ui, -apple-system, Segoe UI, sans-serif" font-size="{font_size}" font-weight="600">'
    "{initials}</text></svg>"
)


def initials_of(user):
    """Return up to two capital letters for a person: of their first and last name, else of their username."""
    words = user.get_full_name().split() or [user.get_username() or "?"]
    last = words[-1][0] if len(words) > 1 else ""
    return (words[0][0] + last).upper()


def initials_avatar_url(user):
    """Return a data: URL of an SVG circle showing the person's initials in a colour of their own."""
    initials = initials_of(user)
    svg = SVG.format(
        colour=COLOURS[user.pk % len(COLOURS)],
        font_size=26 if len(initials) > 1 else 30,
        initials=escape(initials),
    )
    return "data:image/svg+xml," + quote(svg)


def uploaded_avatar(user):
    """Return the picture the person uploaded on their account page, or None."""
    profile = getattr(user, "wagtail_userprofile", None)
    return profile.avatar if profile is not None and profile.avatar else None


def avatar_url(user, size):
    """Return the person's initials as an avatar, unless they uploaded a picture (Wagtail then shows it)."""
    if getattr(user, "pk", None) is None or uploaded_avatar(user):
        return None
    return initials_avatar_url(user)
