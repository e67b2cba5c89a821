"""Readers for load tests against a running site, each connecting from an address of its own.

A site counts a view or a click once per reader (network and browser) and at most
READERS_COUNTED_PER_NETWORK readers per network and article: thousands of readers sent from
127.0.0.1 would be one network, as a script is. Linux answers on the whole of 127.0.0.0/8, so a
client may bind any of those addresses as its source: each reader is then a network of its own,
as readers on the internet are, and the site runs with its default rules (no allowlist, no
trusted proxy).
"""

import ipaddress

import requests
from requests.adapters import HTTPAdapter

# 127.1.0.0 onwards: clear of 127.0.0.1, where the tests' own requests and the browsers come from.
FIRST = int(ipaddress.IPv4Address("127.1.0.0"))


def reader_address(n):
    """Return the address reader number `n` (0 to about 16 million) connects from."""
    return str(ipaddress.IPv4Address(FIRST + n))


class FromAddress(HTTPAdapter):
    """A connection pool whose connections leave from `address`."""

    def __init__(self, address):
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


def reader_session(n):
    """Return a requests session for reader number `n`, connecting from its own address."""
    session = requests.Session()
    session.mount("http://", FromAddress(reader_address(n)))
    return session
