"""How the fetcher connects: resolve, check every address, connect only to a checked one.

Real servers on 127.0.0.1 throughout. A refused address must get no connection at all,
not even a TCP handshake without a request, so `tcp_listener` counts accepted sockets
rather than HTTP requests: it sees a port probe that an HTTP log would not.
"""

from __future__ import annotations

import asyncio
import contextlib
import ssl
import subprocess
from collections.abc import AsyncIterator, Iterator
from ipaddress import ip_address
from pathlib import Path

import httpx
import pytest
from aiohttp import web

from bot.errors import BlockedAddressError, FetchError
from bot.ingest import load_article, parse_input
from bot.ingest.addresses import IPAddress, parse_allow_list
from bot.ingest.connect import GuardedTransport, RefusedAddress
from bot.settings import Settings
from tests.support.http_server import LocalHTTPServer
from tests.support.redis_server import free_port
from tests.test_ingest_fetch import PARAGRAPHS, assert_is_the_story, news_page

BLOCKED = "That link points to a private or local address, which factdesk does not fetch."
BLOCKED_REDIRECT = (
    "That link redirects to a private or local address, which factdesk does not fetch."
)
NOT_A_LINK = (
    "That link is not a web address factdesk can fetch (it is malformed or too long). "
    "Check the link, or paste the article's text."
)
BAD_REDIRECT = (
    "That link redirects to something that is not a web page address. Paste the "
    "article's text instead."
)


@contextlib.asynccontextmanager
async def tcp_listener() -> AsyncIterator[tuple[int, list[str]]]:
    """An open port on 127.0.0.1 that records every connection it accepts, then hangs up."""
    accepted: list[str] = []

    async def on_connect(_reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        accepted.append(str(writer.get_extra_info("peername")))
        writer.close()

    server = await asyncio.start_server(on_connect, "127.0.0.1", 0)
    try:
        yield server.sockets[0].getsockname()[1], accepted
    finally:
        server.close()
        await server.wait_closed()


def closed(settings: Settings, allow: str = "") -> Settings:
    return settings.model_copy(update={"fetch_allow": allow})


def redirect_to(server: LocalHTTPServer, path: str, location: str) -> None:
    async def handler(_request: web.Request) -> web.StreamResponse:
        return web.Response(status=302, headers={"Location": location})

    server.route(path, handler)


@pytest.fixture
def other_server() -> Iterator[LocalHTTPServer]:
    """A second real server on 127.0.0.1, on another port than `http_server`."""
    server = LocalHTTPServer()
    server.start()
    yield server
    server.stop()


# ------------------------------------------------------------ no port scanning (item 6)


async def test_an_open_and_a_closed_port_get_the_same_answer_and_no_connection(
    settings: Settings,
) -> None:
    """Before: the open port got a TCP probe and "private address", the closed one
    "Could not connect", so a chat user could map the server's open ports."""
    async with tcp_listener() as (open_port, accepted):
        closed_port = free_port()
        messages = []
        for port in (open_port, closed_port):
            with pytest.raises(BlockedAddressError) as caught:
                await load_article(parse_input(f"http://localhost:{port}/story"),
                                   closed(settings))
            messages.append(caught.value.message)
        assert messages == [BLOCKED, BLOCKED]
        assert accepted == []


async def test_a_redirect_to_a_refused_port_is_refused_without_a_connection(
    http_server: LocalHTTPServer, settings: Settings
) -> None:
    async with tcp_listener() as (open_port, accepted):
        for port in (open_port, free_port()):
            redirect_to(http_server, "/hop", f"http://localhost:{port}/inside")
            allow_first = closed(settings, f"127.0.0.1:{http_server.port}")
            with pytest.raises(BlockedAddressError) as caught:
                await load_article(parse_input(http_server.url("/hop")), allow_first)
            assert caught.value.message == BLOCKED_REDIRECT
        assert accepted == []


async def test_a_name_is_refused_when_any_of_its_addresses_is() -> None:
    """One allowed and one refused address: refused, and the allowed one is not tried."""

    async def two_addresses(_host: str, _port: int) -> list[IPAddress]:
        return [ip_address("127.0.0.1"), ip_address("127.0.0.2")]

    async with tcp_listener() as (port, accepted):
        transport = GuardedTransport(parse_allow_list("127.0.0.1"), resolver=two_addresses)
        async with httpx.AsyncClient(transport=transport) as client:
            with pytest.raises(RefusedAddress) as caught:
                await client.get(f"http://news.test:{port}/story")
        assert caught.value.address == ip_address("127.0.0.2")
        assert accepted == []


async def test_the_connection_goes_to_the_checked_address_with_the_names_host_header(
    http_server: LocalHTTPServer,
) -> None:
    """`news.test` exists only in the resolver given; the request still reaches the
    server at the address it gave, asking for news.test."""
    hosts: list[str] = []

    async def page(request: web.Request) -> web.StreamResponse:
        hosts.append(request.headers["Host"])
        return web.Response(text=news_page(), content_type="text/html")

    async def table(host: str, _port: int) -> list[IPAddress]:
        assert host == "news.test"
        return [ip_address("127.0.0.1")]

    http_server.route("/story", page)
    transport = GuardedTransport(parse_allow_list("news.test"), resolver=table)
    async with httpx.AsyncClient(transport=transport) as client:
        response = await client.get(f"http://news.test:{http_server.port}/story")
    assert response.status_code == 200
    assert PARAGRAPHS[0] in response.text
    assert hosts == [f"news.test:{http_server.port}"]


@pytest.fixture(scope="module")
def localhost_cert(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for `localhost` (its own CA), made with openssl."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
         "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", str(key), "-out", str(cert),
         "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost"],
        check=True, capture_output=True, timeout=60,
    )
    return cert, key


async def test_https_keeps_the_names_sni_certificate_check_and_host_header(
    settings: Settings, localhost_cert: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The socket goes to the checked 127.0.0.1; TLS and HTTP still speak to `localhost`."""
    cert, key = localhost_cert
    server_names: list[str | None] = []
    hosts: list[str] = []
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    context.sni_callback = lambda _sock, name, _ctx: server_names.append(name)

    async def page(request: web.Request) -> web.StreamResponse:
        hosts.append(request.headers["Host"])
        return web.Response(text=news_page(), content_type="text/html")

    app = web.Application()
    app.router.add_get("/story", page)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0, ssl_context=context).start()
    port = runner.addresses[0][1]
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # trust the test's CA, as an intranet's
    try:
        allowed = closed(settings, f"localhost:{port}")
        article = await load_article(parse_input(f"https://localhost:{port}/story"), allowed)
        assert_is_the_story(article.text)
        assert server_names == ["localhost"]
        assert hosts == [f"localhost:{port}"]
        # The same server under its address: the certificate names localhost only.
        by_address = closed(settings, f"127.0.0.1:{port}")
        with pytest.raises(FetchError) as caught:
            await load_article(parse_input(f"https://127.0.0.1:{port}/story"), by_address)
        assert not isinstance(caught.value, BlockedAddressError)
        assert "\n" not in caught.value.message
    finally:
        await runner.cleanup()


# ------------------------------------------------------- allow entries with a port (item 7)


async def test_an_allowed_port_is_fetched_and_another_port_of_that_host_is_not(
    http_server: LocalHTTPServer, other_server: LocalHTTPServer, settings: Settings
) -> None:
    for server in (http_server, other_server):
        server.page("/story", news_page())
    for allowed_host in ("127.0.0.1", "localhost"):
        only_first = closed(settings, f"{allowed_host}:{http_server.port}")
        host_url = f"http://{allowed_host}:{{port}}/story"
        article = await load_article(parse_input(host_url.format(port=http_server.port)),
                                     only_first)
        assert_is_the_story(article.text)
        with pytest.raises(BlockedAddressError) as caught:
            await load_article(parse_input(host_url.format(port=other_server.port)),
                               only_first)
        assert caught.value.message == BLOCKED
    assert other_server.requests == []


async def test_an_allowed_port_cannot_redirect_to_another_port_of_its_host(
    http_server: LocalHTTPServer, other_server: LocalHTTPServer, settings: Settings
) -> None:
    other_server.page("/inside", news_page())
    redirect_to(http_server, "/hop", other_server.url("/inside"))
    only_first = closed(settings, f"127.0.0.1:{http_server.port}")
    with pytest.raises(BlockedAddressError) as caught:
        await load_article(parse_input(http_server.url("/hop")), only_first)
    assert caught.value.message == BLOCKED_REDIRECT
    assert http_server.requests == ["/hop"]
    assert other_server.requests == []
    # Control: both ports allowed (or the host without a port), the chain is followed.
    for allow in (f"127.0.0.1:{http_server.port}, 127.0.0.1:{other_server.port}",
                  "127.0.0.1"):
        article = await load_article(parse_input(http_server.url("/hop")),
                                     closed(settings, allow))
        assert article.final_url == other_server.url("/inside")


# ------------------------------------------------ IPv6 forms of IPv4 addresses (item 8)


async def test_an_ipv4_mapped_link_is_judged_as_its_ipv4_address(
    http_server: LocalHTTPServer, settings: Settings
) -> None:
    """[::ffff:127.0.0.1] reaches the 127.0.0.1 server: allowed when 127.0.0.1 is (on
    that port), refused without a connection when it is not."""
    http_server.page("/story", news_page())
    link = f"http://[::ffff:127.0.0.1]:{http_server.port}/story"
    article = await load_article(parse_input(link), closed(settings, "127.0.0.1"))
    assert PARAGRAPHS[0] in article.text
    assert http_server.requests == ["/story"]
    for allow in ("", f"127.0.0.1:{free_port()}", "127.0.0.2"):
        with pytest.raises(BlockedAddressError):
            await load_article(parse_input(link), closed(settings, allow))
    assert http_server.requests == ["/story"]


# ------------------------------------------------- links httpx cannot send (item 9)


@pytest.mark.parametrize(
    "link",
    [
        "http://127.0.0.1:{port}/" + "a" * 70_000,  # httpx's limit is 65,536 characters
        "http://127.0.0.1:{port}/a\x7fb",  # a control character
        "http://xn--a.invalid/story",  # an IDNA label that does not decode
    ],
    ids=["over-long", "control-character", "bad-idna"],
)
async def test_a_link_httpx_cannot_send_is_said_to_be_the_link_not_a_redirect(
    http_server: LocalHTTPServer, settings: Settings, link: str
) -> None:
    with pytest.raises(FetchError) as caught:
        await load_article(parse_input(link.format(port=http_server.port)), settings)
    assert caught.value.message == NOT_A_LINK
    assert http_server.requests == []


async def test_a_redirect_httpx_cannot_follow_is_still_a_bad_redirect(
    http_server: LocalHTTPServer, settings: Settings
) -> None:
    for n, location in enumerate(["http://xn--a.invalid/next", "http://[::1/next"]):
        redirect_to(http_server, f"/hop{n}", location)
        with pytest.raises(FetchError) as caught:
            await load_article(parse_input(http_server.url(f"/hop{n}")), settings)
        assert caught.value.message == BAD_REDIRECT
