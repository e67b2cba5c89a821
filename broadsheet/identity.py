"""Who an anonymous reader is, as far as we let ourselves know: a network and a first-party token.

The client address is the connecting address; forwarding headers are believed only when that
address is one of our own proxies (TRUSTED_PROXIES), so a reader cannot claim another address.
Addresses are kept only as salted hashes, and IPv6 readers are counted by their /64 network,
since one household or phone can use any address inside it.
"""

import hashlib
import hmac
import ipaddress
import secrets
from functools import cache

from django.conf import settings
from django.core import signing

READER_COOKIE = "bs_reader"
READER_SALT = "broadsheet.reader"
READER_MAX_AGE = 2 * 365 * 24 * 3600


@cache
def networks(setting):
    return tuple(ipaddress.ip_network(cidr.strip(), strict=False) for cidr in setting if cidr.strip())


def in_networks(address, setting):
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks(tuple(setting)))


def client_ip(request):
    """Return the reader's address: the connecting one, or what our own proxies say they forwarded."""
    address = request.META.get("REMOTE_ADDR", "")
    if not in_networks(address, settings.TRUSTED_PROXIES):
        return address
    # Walk X-Forwarded-For from the right: the first hop that is not our proxy is the reader.
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        if not in_networks(hop, settings.TRUSTED_PROXIES):
            return hop
    return address


def network_of(address):
    """Return the network a limit counts by: the address itself for IPv4, its /64 for IPv6."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return "unknown"
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def network_hash(address):
    """Return the salted hash a network is stored as; the address itself is never stored."""
    digest = hmac.new(settings.IP_HASH_SALT.encode(), network_of(address).encode(), hashlib.sha256)
    return digest.hexdigest()[:32]


def reader_id(request):
    """Return the id in the reader's signed token, or None when there is no valid one."""
    token = request.COOKIES.get(READER_COOKIE)
    if not token:
        return None
    try:
        return signing.loads(token, salt=READER_SALT, max_age=READER_MAX_AGE)
    except signing.BadSignature:
        return None


def new_reader_id():
    return secrets.token_hex(16)


def remember_reader(request, response, identifier):
    """Give the reader a signed, long-lived first-party token carrying `identifier`."""
    response.set_cookie(
        READER_COOKIE,
        signing.dumps(identifier, salt=READER_SALT),
        max_age=READER_MAX_AGE,
        httponly=True,
        secure=request.is_secure(),
        samesite="Lax",
    )
    return response
