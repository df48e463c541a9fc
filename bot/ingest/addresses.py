"""Which network addresses the fetcher may connect to.

A link in a chat message is untrusted: it may point at the bot's own machine, the
newsroom's intranet or a cloud metadata service. Only globally reachable addresses are
fetched, except what the operator lists in FACTDESK_FETCH_ALLOW: host names, addresses or
CIDR networks, each optionally with a port (`intranet.example:8443`, `10.0.0.0/8:443`,
`[fd00::1]:8080`); an entry without a port allows every port of what it names.

IPv6 forms that carry an IPv4 address (IPv4-mapped, -compatible and -translated, 6to4,
Teredo, well-known-prefix NAT64) are judged by the IPv4 address they lead to, so
`::ffff:127.0.0.1`, `::127.0.0.1` and `2002:7f00:1::1` are loopback here. Local-use NAT64
(`64:ff9b:1::/48`) and the deprecated site-local `fec0::/10` are never public.

`bot.ingest.connect` asks `AddressPolicy.admits` about every address a host name resolves
to, before any connection is opened, and connects only to addresses it admitted.
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

ALLOW_SETTING = "FACTDESK_FETCH_ALLOW"

_NAT64 = IPv6Network("64:ff9b::/96")  # well-known prefix, RFC 6052
_IPV4_COMPATIBLE = IPv6Network("::/96")  # deprecated, RFC 4291 2.5.5.1
_IPV4_TRANSLATED = IPv6Network("::ffff:0:0:0/96")  # SIIT, RFC 2765
_NEVER_PUBLIC = (
    IPv6Network("64:ff9b:1::/48"),  # local-use NAT64, RFC 8215
    IPv6Network("fec0::/10"),  # site-local, deprecated by RFC 3879
)
_HOST_NAME = re.compile(r"^(?!-)[a-z0-9_-]{1,63}(?:\.(?!-)[a-z0-9_-]{1,63})*$")


def embedded_ipv4(ip: IPv6Address) -> tuple[IPv4Address, ...]:
    """The IPv4 addresses an IPv6 address carries and leads to (empty when none).

    Teredo gives two: its server and its client (de-obfuscated by `ipaddress`).
    """
    if ip.ipv4_mapped is not None:
        return (ip.ipv4_mapped,)
    if ip.sixtofour is not None:
        return (ip.sixtofour,)
    if ip.teredo is not None:
        return ip.teredo
    if any(ip in net for net in (_NAT64, _IPV4_COMPATIBLE, _IPV4_TRANSLATED)):
        return (IPv4Address(ip.packed[-4:]),)
    return ()


def _never_public(ip: IPAddress) -> bool:
    return isinstance(ip, IPv6Address) and any(ip in net for net in _NEVER_PUBLIC)


def is_public(ip: IPAddress) -> bool:
    """Globally reachable unicast, judging IPv6 forms of IPv4 by the IPv4 address."""
    if _never_public(ip):
        return False
    if isinstance(ip, IPv6Address) and (embedded := embedded_ipv4(ip)):
        return all(is_public(v4) for v4 in embedded)
    return ip.is_global and not ip.is_multicast


@dataclass(frozen=True)
class AllowEntry:
    """One FACTDESK_FETCH_ALLOW entry: a host name or a network, and a port or any."""

    host: str | None = None  # lower-case ASCII (IDNA) host name
    network: IPNetwork | None = None
    port: int | None = None  # None: every port

    def matches(self, hostname: str, ip: IPAddress, port: int | None) -> bool:
        if self.port is not None and self.port != port:
            return False
        if self.host is not None:
            return _same_host(hostname, self.host)
        net = self.network
        return net is not None and ip.version == net.version and ip in net


@dataclass(frozen=True)
class AddressPolicy:
    """Public addresses, plus what the operator allowed (see `parse_allow_list`)."""

    entries: tuple[AllowEntry, ...] = ()

    @classmethod
    def from_allow_list(cls, entries: list[str]) -> AddressPolicy:
        return cls(tuple(parse_allow_entry(entry) for entry in entries))

    def admits(self, hostname: str, ip: IPAddress, port: int | None = None) -> bool:
        """True when a connection to `ip`:`port`, resolved from `hostname`, may be made.

        `port` None (not known) matches only entries without a port.
        """
        if is_public(ip) or any(entry.matches(hostname, ip, port) for entry in self.entries):
            return True
        if isinstance(ip, IPv6Address) and not _never_public(ip):
            embedded = embedded_ipv4(ip)
            return bool(embedded) and all(self.admits(hostname, v4, port) for v4 in embedded)
        return False


def parse_allow_list(value: str) -> AddressPolicy:
    """The policy a FACTDESK_FETCH_ALLOW value describes; AllowListError for a bad entry."""
    return AddressPolicy.from_allow_list([item for item in value.split(",") if item.strip()])


def parse_allow_entry(entry: str) -> AllowEntry:
    """`host`, `address`, `network` or `[ipv6 address or network]`, with `:port` or not.

    An IPv6 address or network with a port must be in brackets: `fd00::1:8080` is the
    address fd00::1:8080 (every port), `[fd00::1]:8080` is fd00::1 on port 8080.
    """
    text = entry.strip()
    whole = _network(text)
    if whole is not None:
        return AllowEntry(network=whole)
    if text.startswith("["):  # [ipv6], [ipv6/len] or [ipv6]/len, then :port or not
        inside, closed, rest = text[1:].partition("]")
        prefix, colon, port_text = rest.partition(":")
        network = _network(inside + prefix) if closed and prefix[:1] in ("", "/") else None
        if network is None or network.version != 6:
            raise _bad_entry(entry)
        return AllowEntry(network=network, port=_port(port_text, entry) if colon else None)
    name, colon, port_text = text.rpartition(":")
    if not colon:
        name, port_text = text, ""
    port = _port(port_text, entry) if colon else None
    network = _network(name)
    if network is not None:
        if network.version != 4:  # "fd00::1:8080" was taken whole above
            raise _bad_entry(entry)
        return AllowEntry(network=network, port=port)
    return AllowEntry(host=_host_name(name, entry), port=port)


def _network(text: str) -> IPNetwork | None:
    try:
        return ip_network(text, strict=False)
    except ValueError:
        return None


def _port(text: str, entry: str) -> int:
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= 65535:
        raise _bad_entry(entry)
    return int(text)


def _host_name(text: str, entry: str) -> str:
    try:
        host = ascii_host(text.strip())
    except InputError:
        raise _bad_entry(entry) from None
    if not _HOST_NAME.match(host):
        raise _bad_entry(entry)
    return host


def _same_host(hostname: str, allowed: str) -> bool:
    try:
        return ascii_host(hostname) == allowed
    except InputError:
        return False


class AllowListError(ConfigError):
    """A FACTDESK_FETCH_ALLOW entry that is none of the forms; `detail` omits the name."""

    def __init__(self, entry: str) -> None:
        self.detail = (
            f"{entry.strip()!r} is not a host name, an address or a network (CIDR), with an "
            "optional :port ([brackets] around an IPv6 address with a port)."
        )
        super().__init__(f"{ALLOW_SETTING}: {self.detail}")


def _bad_entry(entry: str) -> AllowListError:
    return AllowListError(entry)
