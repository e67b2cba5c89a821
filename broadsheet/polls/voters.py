"""Who is voting: the signed-in account, or the reader's signed first-party token."""

from broadsheet.identity import new_reader_id, reader_id


def voter_of(request):
    """Return (voter key, new reader id to remember or None) for this request."""
    known = known_voter_of(request)
    if known:
        return known, None
    fresh = new_reader_id()
    return f"r:{fresh}", fresh


def known_voter_of(request):
    """Return the voter key this request already carries, without minting a new token."""
    if request.user.is_authenticated:
        return f"u:{request.user.pk}"
    existing = reader_id(request)
    return f"r:{existing}" if existing else None
