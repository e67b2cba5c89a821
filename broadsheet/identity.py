"""Who an anonymous reader is, as far as we let ourselves know: a network and a first-party token.

The client address is the connecting address; forwarding headers are believed only when that
address is one of our own proxies (TRUSTED_PROXIES), so a reader cannot claim another address.
Addresses are kept only as salted hashes, and IPv6 readers are counted by their /64 network,
since one household or phone can use any address inside it.
"""

import hashlib
import hmac
import ipaddress
import re
import secrets
from dataclasses import dataclass
from functools import cache, lru_cache

from crawlerdetect.crawlerdetect import get_compiled_crawler_regex, get_compiled_exclusions_regex
from django.conf import settings
from django.core import signing
from django.utils.functional import SimpleLazyObject

READER_COOKIE = "bs_reader"
READER_SALT = "broadsheet.reader"
READER_MAX_AGE = 2 * 365 * 24 * 3600


@cache
def networks(setting):
    return tuple(ipaddress.ip_network(cidr.strip(), strict=False) for cidr in setting if cidr.strip())


# Every write asks several questions of one address (is it our proxy, which network, is it on an
# allowlist) and readers send many requests from one: each address is parsed once per process.
@lru_cache(maxsize=8192)
def parsed_address(address):
    """Return the address as an `ipaddress` object, or None when it is not one."""
    try:
        return ipaddress.ip_address(address)
    except ValueError:
        return None


def in_networks(address, setting):
    ip = parsed_address(address)
    return ip is not None and any(ip in network for network in networks(tuple(setting)))


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


@lru_cache(maxsize=8192)
def network_of(address):
    """Return the network a limit counts by: the address itself for IPv4, its /64 for IPv6."""
    ip = parsed_address(address)
    if ip is None:
        return "unknown"
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def network_hash(address):
    """Return the salted hash a network is stored as; the address itself is never stored."""
    digest = hmac.new(settings.IP_HASH_SALT.encode(), network_of(address).encode(), hashlib.sha256)
    return digest.hexdigest()[:32]


# What new_reader_id() makes. Anything else in a validly signed token was not made by us (a leaked
# key, an old format) and is ignored rather than stored as someone's identity.
READER_ID_PATTERN = re.compile(r"[0-9a-f]{32}")


def reader_id(request):
    """Return the id in the reader's signed token, or None when there is no valid one."""
    token = request.COOKIES.get(READER_COOKIE)
    if not token or len(token) > 200:
        return None
    try:
        identifier = signing.loads(token, salt=READER_SALT, max_age=READER_MAX_AGE)
    except signing.BadSignature:
        return None
    return identifier if isinstance(identifier, str) and READER_ID_PATTERN.fullmatch(identifier) else None


def new_reader_id():
    return secrets.token_hex(16)


def voter_key(*, account_id=None, token=None):
    """Return how a reader is named in stored rows (ballots): their account, else their token."""
    return f"u:{account_id}" if account_id is not None else f"r:{token}"


# Link-preview fetchers CrawlerDetect's list does not know yet (seen by us; extend as they appear).
PREVIEW_FETCHERS = re.compile(r"Cardyb|meta-externalagent|meta-externalfetcher|Signal-Android|Signal-Desktop", re.I)
# CrawlerDetect (pinned) first deletes what browsers' strings share (names, versions, platforms),
# then searches what is left for any of ~1,000 robots: ~0.1 ms a search, and every browser build
# is a new string. What is left repeats far more than the strings do (every Chrome on Linux leaves
# " (;  )  (  "), so each leftover is searched once per process, as the library searches it.
BROWSER_WORDS = get_compiled_exclusions_regex()
ROBOT_WORDS = get_compiled_crawler_regex()


@lru_cache(maxsize=4096)
def is_crawler(user_agent):
    """Return whether this user agent is a crawler, a link-preview fetcher or another robot (or none at all)."""
    user_agent = user_agent.strip()
    return (
        not user_agent
        or bool(PREVIEW_FETCHERS.search(user_agent))
        or leftover_names_a_robot(BROWSER_WORDS.sub("", user_agent))
    )


@lru_cache(maxsize=1024)
def leftover_names_a_robot(leftover):
    """Return whether CrawlerDetect's robot list matches what is left of a user agent once browser words are gone."""
    found = ROBOT_WORDS.search(leftover) if leftover else None
    return found is not None and any(found.groups())


def is_prefetch(request):
    """Return whether the browser is fetching ahead of the reader (who may never see the page)."""
    purpose = (request.headers.get("Sec-Purpose") or request.headers.get("Purpose") or "").lower()
    return "prefetch" in purpose or "prerender" in purpose or request.headers.get("X-Moz") == "prefetch"


def describe_voter(key):
    """Return a stored voter key as an editor may see it: the account, or a shortened reader token.

    Reader tokens are shortened: enough to see repeats, not enough to replay a cookie.
    """
    kind, _, ident = key.partition(":")
    return f"account {ident}" if kind == "u" else f"reader {ident[:12]}"


@dataclass(frozen=True)
class Reader:
    """Who is writing, worked out once per request at the edge and handed to throttles and services.

    `address` is the connecting address (or what our own proxies forwarded) and is never stored;
    `network` is its salted hash. A reader with no token yet is given one (`is_new`), which the
    view remembers in a cookie only once a write is accepted.
    """

    address: str
    network: str
    account_id: int | None
    token: str
    is_new: bool
    # Offices and schools on POLL_NETWORK_ALLOWLIST share one address between many readers.
    is_exempt_from_network_limits: bool
    user_agent: str = ""
    # A crawler, a link preview or a prefetch: served, never counted.
    is_automated: bool = False

    @classmethod
    def at(cls, address, *, token=None, account_id=None, user_agent="", is_automated=None):
        """Return the reader at `address` with this token or account (a fresh token when neither)."""
        return cls(
            address=address,
            network=network_hash(address),
            account_id=account_id,
            token=token or new_reader_id(),
            is_new=token is None,
            is_exempt_from_network_limits=in_networks(address, settings.POLL_NETWORK_ALLOWLIST),
            user_agent=user_agent,
            is_automated=is_crawler(user_agent) if is_automated is None else is_automated,
        )

    def visitor_hash(self, day):
        """Return who this reader is on `day` without a cookie: network and browser, salted per day.

        Used to count one view per reader, kept only in the cache for minutes, never stored;
        the daily salt means yesterday's hashes cannot be linked to today's.
        """
        material = f"{day.isoformat()}|{network_of(self.address)}|{self.user_agent}"
        return hmac.new(settings.IP_HASH_SALT.encode(), material.encode(), hashlib.sha256).hexdigest()[:24]

    @property
    def is_signed_in(self):
        return self.account_id is not None

    @property
    def key(self):
        """Return the stored name of this reader (minting one for a reader we have not seen)."""
        return voter_key(account_id=self.account_id, token=self.token)

    @property
    def known_key(self):
        """Return the stored name of this reader, or None for a reader we have not seen before."""
        return None if self.is_new and not self.is_signed_in else self.key


def reader_of(request, with_account=True):
    """Return the Reader making this request (without asking who is signed in, if told not to)."""
    user = getattr(request, "user", None) if with_account else None
    account_id = user.pk if user is not None and user.is_authenticated else None
    user_agent = request.headers.get("User-Agent", "")[:512]
    return Reader.at(
        client_ip(request),
        token=reader_id(request),
        account_id=account_id,
        user_agent=user_agent,
        is_automated=is_crawler(user_agent) or is_prefetch(request),
    )


class ReaderMiddleware:
    """Give every request `request.reader`, worked out on first use (pages that never ask pay nothing)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.reader = SimpleLazyObject(lambda: reader_of(request))
        return self.get_response(request)


def remember_reader(request, response):
    """Give a reader we had not seen a signed, long-lived first-party token carrying their id."""
    reader = request.reader
    if not reader.is_new or reader.is_signed_in:
        return response
    response.set_cookie(
        READER_COOKIE,
        signing.dumps(reader.token, salt=READER_SALT),
        max_age=READER_MAX_AGE,
        httponly=True,
        secure=request.is_secure(),
        samesite="Lax",
    )
    return response
