"""Byte ranges (RFC 9110 §14): what part of a file a request asks for, so players can seek."""

import re

_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


class Unsatisfiable(Exception):
    """A well-formed range that lies wholly beyond the file: answered 416."""


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
        suffix = int(last)
        if suffix == 0 or size == 0:
            raise Unsatisfiable
        return max(0, size - suffix), size - 1
    first = int(first)
    if last and int(last) < first:
        return None  # invalid: ignored like any malformed range
    if first >= size:
        raise Unsatisfiable
    last = int(last) if last else size - 1
    return first, min(last, size - 1)
