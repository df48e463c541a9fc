"""Which network addresses the fetcher may connect to.

A link in a chat message is untrusted: it may point at the bot's own machine, the
newsroom's intranet or a cloud metadata service. Only globally reachable addresses are
fetched, except what the operator lists in FACTDESK_FETCH_ALLOW (host names, addresses or
CIDR networks). The check runs per connection, after DNS resolution (httpx-secure calls
`AddressPolicy.admits` with the host name and the address actually chosen), so a name that
resolves to a private address and every redirect hop are covered alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from ipaddress import (
    IPv4Address,
    IPv4Network,
    IPv6Address,
    IPv6Network,
    ip_network,
)

from bot.errors import ConfigError, InputError
from bot.ingest.canonical import ascii_host

IPAddress = IPv4Address | IPv6Address
IPNetwork = IPv4Network | IPv6Network

_NAT64 = IPv6Network("64:ff9b::/96")
_HOST_NAME = re.compile(r"^(?!-)[a-z0-9_-]{1,63}(?:\.(?!-)[a-z0-9_-]{1,63})*$")


def is_public(ip: IPAddress) -> bool:
    """Globally reachable unicast, looking through IPv4-mapped and NAT64 IPv6 forms."""
    if isinstance(ip, IPv6Address):
        if ip.ipv4_mapped is not None:
            return is_public(ip.ipv4_mapped)
        if ip in _NAT64:
            return is_public(IPv4Address(ip.packed[-4:]))
    return ip.is_global and not ip.is_multicast


@dataclass(frozen=True)
class AddressPolicy:
    """Public addresses, plus the operator's allowed host names and networks."""

    hosts: frozenset[str] = frozenset()
    networks: tuple[IPNetwork, ...] = ()

    @classmethod
    def from_allow_list(cls, entries: list[str]) -> AddressPolicy:
        hosts: set[str] = set()
        networks: list[IPNetwork] = []
        for entry in entries:
            try:
                networks.append(ip_network(entry.strip("[]"), strict=False))
            except ValueError:
                hosts.add(_allowed_host(entry))
        return cls(hosts=frozenset(hosts), networks=tuple(networks))

    def admits(self, hostname: str, ip: IPAddress, _port: int = 0) -> bool:
        """True when a connection to `ip` (resolved from `hostname`) may be made."""
        if is_public(ip):
            return True
        if ascii_host(hostname) in self.hosts:
            return True
        return any(ip.version == net.version and ip in net for net in self.networks)


def _allowed_host(entry: str) -> str:
    bad = ConfigError(
        f"FACTDESK_FETCH_ALLOW: {entry!r} is not a host name, an address or a network."
    )
    try:
        host = ascii_host(entry.strip())
    except InputError:
        raise bad from None
    if not _HOST_NAME.match(host):
        raise bad
    return host
