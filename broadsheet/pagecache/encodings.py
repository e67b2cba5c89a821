"""Compressed copies of a stored page, made once when it is stored, and the choice among them per request.

Compressing on every request costs more than serving the page (nginx compressing on the fly falls
to a twentieth of its static rate), so a page is compressed when it is stored and each request only
picks the copy its `Accept-Encoding` allows.
"""

import gzip

import brotli

# Brotli's quality 11 takes tens of milliseconds for a 30 KB page and saves a few percent over 9;
# a page is stored once per change, but a spike of changes should not queue behind compression.
BROTLI_QUALITY = 9
GZIP_LEVEL = 9
# Browsers send one of a handful of spellings; anything longer is unusual and is parsed uncached.
_REMEMBERED = 256
_MAX_REMEMBERED_LENGTH = 200
_choices = {}


def compressed_copies(content):
    """Return {"br": bytes, "gzip": bytes}: each copy only if it is smaller than the page itself."""
    copies = {
        "br": brotli.compress(content, quality=BROTLI_QUALITY, mode=brotli.MODE_TEXT),
        # mtime=0: the same page gives the same bytes, so every process and every store agree.
        "gzip": gzip.compress(content, compresslevel=GZIP_LEVEL, mtime=0),
    }
    return {coding: body for coding, body in copies.items() if len(body) < len(content)}


def chosen_encoding(accept_encoding, available):
    """Return the coding to send ("br", "gzip") or None for the page as it is.

    `q=0` refuses a coding (RFC 9110 §12.5.3); `*` stands for any coding not named. Brotli is
    preferred when both are acceptable: it is smaller.
    """
    if not accept_encoding or not available:
        return None
    accepted = _choices.get(accept_encoding)
    if accepted is None:
        accepted = _acceptable(accept_encoding)
        if len(accept_encoding) <= _MAX_REMEMBERED_LENGTH:
            if len(_choices) >= _REMEMBERED:
                _choices.clear()
            _choices[accept_encoding] = accepted
    for coding in accepted:
        if coding in available:
            return coding
    return None


def _acceptable(header):
    """Return the codings among br and gzip that `header` accepts, best first."""
    weights = {}
    # A header of thousands of codings is not a browser's: the first few dozen decide.
    for item in header[:2000].split(",")[:32]:
        name, _, parameters = item.strip().partition(";")
        name = name.strip().lower()
        weight = 1.0
        parameter = parameters.strip().lower()
        if parameter.startswith("q="):
            try:
                weight = float(parameter[2:])
            except ValueError:
                weight = 0.0
        if name in ("br", "gzip", "x-gzip", "*"):
            weights["gzip" if name == "x-gzip" else name] = weight
    star = weights.pop("*", None)
    result = []
    for coding in ("br", "gzip"):
        weight = weights.get(coding, star if star is not None else 0.0)
        if weight > 0:
            result.append(coding)
    return tuple(result)
