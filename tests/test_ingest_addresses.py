"""The address policy: FACTDESK_FETCH_ALLOW's forms (ports too) and IPv6 forms of IPv4.

Pure checks of addresses, no connection: the fetcher's behaviour against real servers is
in test_ingest_fetch_guard.py and test_ingest_fetch_limits.py.
"""

from __future__ import annotations

from ipaddress import IPv4Address, IPv6Address, ip_address

import pytest
from pydantic import ValidationError

from bot.errors import ConfigError
from bot.ingest.addresses import embedded_ipv4, is_public, parse_allow_list
from bot.settings import Settings
from tests.support.cli import factdesk

# ------------------------------------------------------------------- IPv6 forms of IPv4


@pytest.mark.parametrize(
    "address",
    [
        "::127.0.0.1",  # IPv4-compatible (deprecated)
        "2002:7f00:1::1",  # 6to4 of 127.0.0.1
        "2002:a00:1::1",  # 6to4 of 10.0.0.1
        "64:ff9b:1::7f00:1",  # local-use NAT64 (RFC 8215): never public
        "64:ff9b:1::5db8:d70e",  # …even around a public IPv4 address
        "::ffff:0:7f00:1",  # IPv4-translated (SIIT)
        "fec0::1",  # site-local (deprecated)
        "::ffff:10.1.2.3",  # IPv4-mapped private
        "64:ff9b::a9fe:a9fe",  # well-known NAT64 of 169.254.169.254
        "2001:0:5db8:d70e:0:ffff:f5fe:fdfe",  # Teredo, client 10.1.2.1
        "2001:0:a00:1::1",  # Teredo, server 10.0.0.1
        "::",
        "::1",
    ],
)
def test_ipv6_forms_of_private_ipv4_and_deprecated_ranges_are_not_public(address: str) -> None:
    assert is_public(ip_address(address)) is False


@pytest.mark.parametrize(
    "address",
    [
        "2606:2800:21f:cb07:6820:80da:af6b:8b2c",  # plain global IPv6
        "::ffff:93.184.215.14",  # IPv4-mapped public
        "64:ff9b::5db8:d70e",  # well-known NAT64 of a public address
        "2002:5db8:d70e::1",  # 6to4 of a public address
        "::ffff:0:5db8:d70e",  # IPv4-translated public
    ],
)
def test_ipv6_forms_of_public_ipv4_are_public(address: str) -> None:
    assert is_public(ip_address(address)) is True


def test_the_embedded_ipv4_of_each_form() -> None:
    loopback = IPv4Address("127.0.0.1")
    for form in ("::ffff:127.0.0.1", "::127.0.0.1", "::ffff:0:7f00:1", "2002:7f00:1::1",
                 "64:ff9b::7f00:1"):
        assert embedded_ipv4(IPv6Address(form)) == (loopback,), form
    teredo = IPv6Address("2001:0:5db8:d70e:0:ffff:f5fe:fdfe")
    assert embedded_ipv4(teredo) == (IPv4Address("93.184.215.14"), IPv4Address("10.1.2.1"))
    assert embedded_ipv4(IPv6Address("2606:2800:21f:cb07:6820:80da:af6b:8b2c")) == ()


def test_an_ipv6_form_follows_the_allow_list_of_its_ipv4_address() -> None:
    policy = parse_allow_list("127.0.0.1:8080")
    for form in ("::ffff:127.0.0.1", "::127.0.0.1", "::ffff:0:7f00:1", "2002:7f00:1::1",
                 "64:ff9b::7f00:1"):
        ip = ip_address(form)
        assert policy.admits("x", ip, 8080), form
        assert not policy.admits("x", ip, 8081), form
        assert not parse_allow_list("").admits("x", ip, 8080), form
    # Never decided by an IPv4 address: only an entry naming them admits them.
    for form in ("64:ff9b:1::7f00:1", "fec0::1"):
        assert not policy.admits("x", ip_address(form), 8080)
    assert parse_allow_list("fec0::/10").admits("x", ip_address("fec0::1"), 443)
    assert parse_allow_list("[64:ff9b:1::]/48").admits("x", ip_address("64:ff9b:1::7f00:1"))


# -------------------------------------------------------------- allow-list entries


def test_entries_with_and_without_a_port() -> None:
    policy = parse_allow_list(
        "127.0.0.2, 127.0.0.1:8080, [::1]:9000, fd00::1:8080, 10.0.0.0/8:443, "
        "[fd00:abcd::]/32, wiki.Intranet.:8443, localhost"
    )
    allowed = [
        ("a", "127.0.0.2", 1), ("a", "127.0.0.2", 65535),  # no port: every port
        ("a", "127.0.0.1", 8080), ("a", "::1", 9000), ("a", "fd00::1:8080", 22),
        ("a", "10.9.8.7", 443), ("a", "fd00:abcd::5", 80),
        ("wiki.intranet", "192.168.1.9", 8443), ("localhost", "::1", 5),
    ]
    refused = [
        ("a", "127.0.0.1", 8081), ("a", "127.0.0.1", None), ("a", "::1", 9001),
        ("a", "fd00::1", 8080), ("a", "10.9.8.7", 80), ("wiki.intranet", "192.168.1.9", 443),
        ("other.intranet", "192.168.1.9", 8443),
    ]
    for host, address, port in allowed:
        assert policy.admits(host, ip_address(address), port), (host, address, port)
    for host, address, port in refused:
        assert not policy.admits(host, ip_address(address), port), (host, address, port)
    assert policy.admits("anything.example", ip_address("93.184.215.14"), 8081)


@pytest.mark.parametrize(
    "entry",
    ["127.0.0.1:0", "127.0.0.1:65536", "127.0.0.1:80800", "wiki:http", "wiki:", ":8080",
     "[::1", "[::1]8080", "[127.0.0.1]:80", "[wiki]:80", "10.0.0.0/33", "bad host!",
     "wiki:８０"],
)
def test_a_bad_entry_names_the_setting(entry: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_allow_list(f"127.0.0.1, {entry}")
    assert caught.value.message.startswith("FACTDESK_FETCH_ALLOW: ")
    assert repr(entry) in caught.value.message
    assert "\n" not in caught.value.message


def test_the_setting_is_checked_when_settings_are_loaded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FACTDESK_FETCH_ALLOW", "wiki.intranet:8443, [::1]:8080")
    assert Settings(_env_file=None).fetch_allow == "wiki.intranet:8443, [::1]:8080"  # type: ignore[call-arg]
    monkeypatch.setenv("FACTDESK_FETCH_ALLOW", "127.0.0.1:80800")
    with pytest.raises(ValidationError) as caught:
        Settings(_env_file=None)  # type: ignore[call-arg]
    assert caught.value.errors()[0]["loc"] == ("FACTDESK_FETCH_ALLOW",)


def test_a_bad_value_stops_the_command_at_start_with_one_line(
    cli_env: dict[str, str],
) -> None:
    """Not only when a link is fetched: here the input is pasted text, no link at all."""
    env = {**cli_env, "FACTDESK_FETCH_ALLOW": "127.0.0.1, intranet:99999"}
    done = factdesk("analyze", "-", env=env, stdin=b"The mayor said the bridge will open.")
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "FACTDESK_FETCH_ALLOW" in lines[0] and "'intranet:99999'" in lines[0]
