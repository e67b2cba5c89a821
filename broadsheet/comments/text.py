"""A comment's plain text as safe HTML: paragraphs, line breaks and links, nothing else."""

import re

import nh3
from django.utils.html import escape
from django.utils.safestring import mark_safe

URL = re.compile(r"\bhttps?://[^\s<>\"'()]+[^\s<>\"'().,;:!?]", re.IGNORECASE)
ALLOWED_TAGS = {"p", "br", "a"}


def normalise(body):
    """Return the text as stored: one kind of line ending, no surrounding blank space."""
    return body.replace("\r\n", "\n").replace("\r", "\n").strip()


def count_links(body):
    return len(URL.findall(body))


def linkify(text):
    """Escape the text and turn http(s) addresses into links; nothing a reader typed becomes markup."""
    out, last = [], 0
    for match in URL.finditer(text):
        out.append(escape(text[last : match.start()]))
        url = match.group(0)
        out.append(f'<a href="{escape(url)}">{escape(url)}</a>')
        last = match.end()
    out.append(escape(text[last:]))
    return "".join(out)


def render_body(body):
    """Return the comment as HTML: blank lines part paragraphs, single newlines break lines.

    The HTML is built from escaped text, then cleaned by nh3 as a second line of defence: only
    p, br and http(s) links survive, and every link gets rel="nofollow ugc noopener".
    """
    paragraphs = [p for p in re.split(r"\n\s*\n", normalise(body)) if p.strip()]
    html = "".join(f"<p>{'<br>'.join(linkify(line) for line in p.split(chr(10)))}</p>" for p in paragraphs)
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https"},
        link_rel="nofollow ugc noopener",
    )
    # Built from escaped text and cleaned by nh3 just above, so it is safe to print as HTML.
    return mark_safe(cleaned)  # nosec B308 B703
