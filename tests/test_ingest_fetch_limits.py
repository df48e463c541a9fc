"""The fetcher's limits against real local servers: addresses, size and time."""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import threading
import time
from collections.abc import AsyncIterator
from ipaddress import ip_address

import pytest
from aiohttp import web

from bot.errors import BlockedAddressError, ConfigError, FetchError
from bot.ingest import load_article, parse_input
from bot.ingest.addresses import AddressPolicy, is_public
from bot.settings import Settings
from tests.support.http_server import Handler, LocalHTTPServer, serve_local
from tests.test_ingest_fetch import PARAGRAPHS, assert_is_the_story, news_page

BLOCKED = "That link points to a private or local address, which factdesk does not fetch."
BLOCKED_REDIRECT = (
    "That link redirects to a private or local address, which factdesk does not fetch."
)


@contextlib.asynccontextmanager
async def server_on(host: str, page: str) -> AsyncIterator[tuple[str, list[str]]]:
    """A second real server, on another loopback address (the fixture's is on 127.0.0.1)."""
    hits: list[str] = []

    async def handler(request: web.Request) -> web.StreamResponse:
        hits.append(request.path)
        return web.Response(text=page, content_type="text/html")

    app = web.Application()
    app.router.add_route("GET", "/{tail:.*}", handler)
    runner, port = await serve_local(app, host)
    try:
        yield f"http://{host}:{port}", hits
    finally:
        await runner.cleanup()


# --------------------------------------------------------------------------- addresses


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.215.14", True),
        ("2606:2800:21f:cb07:6820:80da:af6b:8b2c", True),
        ("127.0.0.1", False),
        ("127.0.0.2", False),
        ("10.1.2.3", False),
        ("172.16.0.9", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),  # cloud metadata service
        ("100.64.0.1", False),  # carrier-grade NAT
        ("0.0.0.0", False),
        ("224.0.0.1", False),
        ("::1", False),
        ("fe80::1", False),
        ("fd00::1", False),
        ("::ffff:127.0.0.1", False),  # IPv4-mapped loopback
        ("64:ff9b::a00:1", False),  # NAT64 of 10.0.0.1
        ("64:ff9b::5db8:d70e", True),  # NAT64 of a public address
    ],
)
def test_only_globally_reachable_addresses_are_public(address: str, public: bool) -> None:
    assert is_public(ip_address(address)) is public


def test_the_allow_list_takes_names_addresses_and_networks() -> None:
    policy = AddressPolicy.from_allow_list(["intranet.Example.", "10.0.0.0/8", "::1", "127.0.0.2"])
    assert policy.admits("intranet.example", ip_address("192.168.5.5"))
    assert policy.admits("wiki", ip_address("10.20.30.40"))
    assert policy.admits("x", ip_address("::1"))
    assert policy.admits("x", ip_address("127.0.0.2"))
    assert not policy.admits("x", ip_address("127.0.0.1"))
    assert not policy.admits("other.example", ip_address("192.168.5.5"))
    assert policy.admits("anything.example", ip_address("93.184.215.14"))


def test_a_malformed_allow_list_entry_names_the_setting() -> None:
    with pytest.raises(ConfigError, match="FACTDESK_FETCH_ALLOW"):
        AddressPolicy.from_allow_list(["bad host name!\u0000"])


async def test_loopback_is_refused_unless_allowed(
    http_server: LocalHTTPServer, settings: Settings
) -> None:
    http_server.page("/story", news_page())
    closed = settings.model_copy(update={"fetch_allow": ""})
    for link in (http_server.url("/story"), f"http://localhost:{http_server.port}/story"):
        with pytest.raises(BlockedAddressError) as caught:
            await load_article(parse_input(link), closed)
        assert caught.value.message == BLOCKED
    assert http_server.requests == []  # not one HTTP request reached the server
    # The same page, with 127.0.0.1 allowed (the test settings), is fetched.
    article = await load_article(parse_input(http_server.url("/story")), settings)
    assert_is_the_story(article.text)


@pytest.mark.parametrize(
    "host", ["127.1", "2130706433", "0x7f.0.0.1", "[::ffff:127.0.0.1]", "LOCALHOST"]
)
async def test_other_spellings_of_loopback_are_refused(
    http_server: LocalHTTPServer, settings: Settings, host: str
) -> None:
    """Short, decimal, hex, IPv4-mapped and upper-case forms all reach loopback."""
    http_server.page("/story", news_page())
    closed = settings.model_copy(update={"fetch_allow": ""})
    with pytest.raises(BlockedAddressError):
        await load_article(parse_input(f"http://{host}:{http_server.port}/story"), closed)
    assert http_server.requests == []


async def test_an_allowed_host_cannot_redirect_to_a_loopback_address_that_is_not(
    http_server: LocalHTTPServer, settings: Settings
) -> None:
    """`localhost` is allowed by name; its redirect to 127.0.0.2 (not allowed) is refused."""
    async with server_on("127.0.0.2", news_page()) as (other, other_hits):
        http_server.route("/hop", _redirect_to(f"{other}/story"))
        by_name = settings.model_copy(update={"fetch_allow": "localhost"})
        link = f"http://localhost:{http_server.port}/hop"
        with pytest.raises(BlockedAddressError) as caught:
            await load_article(parse_input(link), by_name)
        assert caught.value.message == BLOCKED_REDIRECT
        assert http_server.requests == ["/hop"]  # the allowed first hop was fetched
        assert other_hits == []  # the second never was

        # Control: allow 127.0.0.2 as well and the same chain is followed to its end.
        both = settings.model_copy(update={"fetch_allow": "localhost, 127.0.0.2/32"})
        article = await load_article(parse_input(link), both)
        assert_is_the_story(article.text)
        assert article.final_url == f"{other}/story"
        assert other_hits == ["/story"]


def _redirect_to(location: str) -> Handler:
    async def handler(_request: web.Request) -> web.StreamResponse:
        return web.Response(status=302, headers={"Location": location})

    return handler


# --------------------------------------------------------------------------- size


async def test_a_body_over_the_cap_with_content_length_is_refused(
    http_server: LocalHTTPServer, settings: Settings
) -> None:
    http_server.page("/big", news_page() + " " * (2 * 1024 * 1024))
    capped = settings.model_copy(update={"fetch_max_bytes": 1024 * 1024})
    with pytest.raises(FetchError) as caught:
        await load_article(parse_input(http_server.url("/big")), capped)
    assert "page larger than 1 MB" in caught.value.message


async def test_the_default_cap_is_reported_as_5_mb(
    http_server: LocalHTTPServer, settings: Settings
) -> None:
    http_server.page("/huge", b"<html><body>" + b"x" * (6 * 1024 * 1024))
    with pytest.raises(FetchError) as caught:
        await load_article(parse_input(http_server.url("/huge")), settings)
    assert "page larger than 5 MB" in caught.value.message


async def test_a_streamed_body_without_length_stops_at_the_cap(
    http_server: LocalHTTPServer, settings: Settings
) -> None:
    total = 64 * 1024 * 1024
    sent = [0]

    async def endless(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "text/html"})
        response.enable_chunked_encoding()
        await response.prepare(request)
        chunk = b"<p>" + b"filler " * 9000 + b"</p>"
        with contextlib.suppress(ConnectionError, RuntimeError):
            while sent[0] < total:
                await response.write(chunk)
                sent[0] += len(chunk)
        return response

    http_server.route("/endless", endless)
    capped = settings.model_copy(update={"fetch_max_bytes": 1024 * 1024})
    with pytest.raises(FetchError) as caught:
        await load_article(parse_input(http_server.url("/endless")), capped)
    assert "page larger than 1 MB" in caught.value.message
    await asyncio.sleep(0.2)
    assert sent[0] < total / 2  # we hung up long before the server was done


async def test_a_small_compressed_body_cannot_expand_past_the_cap(
    http_server: LocalHTTPServer, settings: Settings
) -> None:
    bomb = gzip.compress(b"<html><body><p>" + b" " * (64 * 1024 * 1024), compresslevel=9)
    assert len(bomb) < 1024 * 1024

    async def handler(_request: web.Request) -> web.StreamResponse:
        return web.Response(body=bomb, headers={"Content-Type": "text/html",
                                                "Content-Encoding": "gzip"})

    http_server.route("/bomb", handler)
    capped = settings.model_copy(update={"fetch_max_bytes": 1024 * 1024})
    with pytest.raises(FetchError, match="page larger than 1 MB"):
        await load_article(parse_input(http_server.url("/bomb")), capped)


# --------------------------------------------------------------------------- time


async def test_a_server_that_does_not_answer_hits_the_deadline(
    http_server: LocalHTTPServer, settings: Settings
) -> None:
    release = threading.Event()

    async def silent(_request: web.Request) -> web.StreamResponse:
        await asyncio.to_thread(release.wait, 30)
        return web.Response(text=news_page(), content_type="text/html")

    http_server.route("/slow", silent)
    quick = settings.model_copy(update={"fetch_timeout_seconds": 0.5})
    started = time.monotonic()
    try:
        with pytest.raises(FetchError) as caught:
            await load_article(parse_input(http_server.url("/slow")), quick)
    finally:
        release.set()
    assert caught.value.message.startswith("127.0.0.1 did not answer within 0.5 s")
    assert time.monotonic() - started < 2.5


async def test_the_deadline_covers_redirects_and_a_dripping_body(
    http_server: LocalHTTPServer, settings: Settings
) -> None:
    """Each step is quick, so only one total deadline can stop it."""
    release = threading.Event()

    async def step(request: web.Request) -> web.StreamResponse:
        await asyncio.sleep(0.1)
        n = int(request.path.rsplit("/", 1)[1])
        return web.Response(status=302, headers={"Location": f"/step/{n + 1}"})

    async def drip(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "text/html"})
        await response.prepare(request)
        with contextlib.suppress(ConnectionError, RuntimeError):
            await response.write(b"<html><body><article>")
            while not release.is_set():
                await response.write(f"<p>{PARAGRAPHS[0]}</p>".encode())
                await asyncio.sleep(0.05)
        return response

    for n in range(1, 4):
        http_server.route(f"/step/{n}", step)
    redirect_last = _redirect_to("/drip")
    http_server.route("/step/4", redirect_last)
    http_server.route("/drip", drip)
    quick = settings.model_copy(update={"fetch_timeout_seconds": 0.8})
    started = time.monotonic()
    try:
        with pytest.raises(FetchError, match=r"did not answer within 0\.8 s"):
            await load_article(parse_input(http_server.url("/step/1")), quick)
    finally:
        release.set()
    assert time.monotonic() - started < 3
    assert "/drip" in http_server.requests  # the deadline struck while reading the body
