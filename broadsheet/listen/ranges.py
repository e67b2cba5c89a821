"""Byte ranges (RFC 9110 §14): what part of a file a request asks for, so players can seek."""

import re

# ASCII digits only: `\d` would also take other scripts' digits, which int() then accepts.
_RANGE = re.compile(r"^bytes=([0-9]*)-([0-9]*)$")


class Unsatisfiable(Exception):
    """A well-formed range that lies wholly beyond the file: answered 416."""


def _magnitude(digits):
    """Return a key that orders digit strings as the numbers they spell, without converting them."""
    significant = digits.lstrip("0")
    return len(significant), significant


def _at_most(digits, limit):
    """Return the number the digits spell, or limit if it is larger.

    A client may send thousands of digits (leading zeros count too); int() refuses strings that long,
    and any number beyond the file means the same here as the limit itself.
    """
    length, significant = _magnitude(digits)
    if (length, significant) > _magnitude(str(limit)):
        return limit
    return int(significant or "0")


def requested_range(header, size):
    """Return (first, last) inclusive for a single satisfiable range, or None for the whole file.

    A malformed header or several ranges are ignored (the whole file is sent, as RFC 9110 lets a
    server do): players ask for one range, and multipart answers serve nobody here.
    """
    if not header:
        return None
    match = _RANGE.match(header.strip().replace(" ", ""))
    if not match or (not match[1] and not match[2]):
        return None
    first, last = match[1], match[2]
    if not first:  # "bytes=-500": the last 500 bytes
        suffix = _at_most(last, size)
        if suffix == 0 or size == 0:
            raise Unsatisfiable
        return size - suffix, size - 1
    if last and _magnitude(last) < _magnitude(first):
        return None  # invalid: ignored like any malformed range
    first = _at_most(first, size)
    if first >= size:
        raise Unsatisfiable
    last = _at_most(last, size - 1) if last else size - 1
    return first, last
