"""Connections for the fetcher: resolve, check every address, connect only to a checked one.

httpx has no setting for how it connects, but httpcore takes a network backend
(`httpcore.AsyncConnectionPool(network_backend=…)`, its public API), and httpx takes any
transport. `GuardedTransport` is httpx's transport over such a pool, whose backend
(`GuardedBackend`) does, for every new connection:

1. resolve the host with getaddrinfo (asyncio runs it in a thread), opening nothing;
2. refuse, with `RefusedAddress`, when ANY address it resolves to is not admitted by the
   `AddressPolicy` for that port, so a refused address never sees a packet and the user
   sees one message whether its port is open or closed;
3. connect to the checked addresses themselves, in the resolver's order, never to the name,
   so nothing is resolved twice (no DNS rebinding between check and connect).

TLS is started by httpcore on the stream with the URL's host as the server name, and
httpx writes the Host header from the URL, so SNI, certificate checks and Host are those
of the name while the socket goes to the checked address.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator
from ipaddress import ip_address

import httpcore
import httpx

from bot.ingest.addresses import AddressPolicy, IPAddress


class RefusedAddress(Exception):
    """The host resolves to an address the policy refuses; no connection was made."""

    def __init__(self, host: str, address: IPAddress, port: int) -> None:
        super().__init__(f"{host} resolves to {address}, refused on port {port}")
        self.host = host
        self.address = address
        self.port = port


async def resolve(host: str, port: int) -> list[IPAddress]:
    """Every IPv4 and IPv6 address of `host` (an address resolves to itself), once each."""
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(
            host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP
        )
    except (OSError, UnicodeError) as exc:  # socket.gaierror is an OSError
        raise httpcore.ConnectError(f"cannot resolve {host!r}") from exc
    found = [
        ip_address(sockaddr[0])
        for family, _type, _proto, _name, sockaddr in infos
        if family in (socket.AF_INET, socket.AF_INET6)
    ]
    if not found:
        raise httpcore.ConnectError(f"{host!r} has no address")
    return list(dict.fromkeys(found))


#: A host and port to its addresses; `resolve`, or a test's own table.
Resolver = Callable[[str, int], Awaitable[list[IPAddress]]]


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """httpcore's network backend, connecting only to addresses the policy admits."""

    def __init__(self, policy: AddressPolicy, resolver: Resolver = resolve) -> None:
        self._policy = policy
        self._resolve = resolver
        self._backend = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,  # noqa: ASYNC109 (httpcore's signature)
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        addresses = await self._resolve(host, port)
        for address in addresses:
            if not self._policy.admits(host, address, port):
                raise RefusedAddress(host, address, port)
        failure: httpcore.ConnectError | None = None
        for address in addresses:
            try:
                return await self._backend.connect_tcp(
                    str(address), port, timeout=timeout, local_address=local_address,
                    socket_options=socket_options,
                )
            except httpcore.ConnectError as exc:
                failure = exc
        assert failure is not None
        raise failure

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,  # noqa: ASYNC109 (httpcore's signature)
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("the fetcher connects over TCP only")

    async def sleep(self, seconds: float) -> None:
        await self._backend.sleep(seconds)


#: httpcore's exceptions and httpx's of the same meaning, most specific first.
_EXCEPTIONS: tuple[tuple[type[Exception], type[httpx.TransportError]], ...] = (
    (httpcore.ConnectTimeout, httpx.ConnectTimeout),
    (httpcore.ReadTimeout, httpx.ReadTimeout),
    (httpcore.WriteTimeout, httpx.WriteTimeout),
    (httpcore.PoolTimeout, httpx.PoolTimeout),
    (httpcore.TimeoutException, httpx.TimeoutException),
    (httpcore.ConnectError, httpx.ConnectError),
    (httpcore.ReadError, httpx.ReadError),
    (httpcore.WriteError, httpx.WriteError),
    (httpcore.NetworkError, httpx.NetworkError),
    (httpcore.RemoteProtocolError, httpx.RemoteProtocolError),
    (httpcore.LocalProtocolError, httpx.LocalProtocolError),
    (httpcore.ProtocolError, httpx.ProtocolError),
    (httpcore.UnsupportedProtocol, httpx.UnsupportedProtocol),
)


@contextlib.contextmanager
def _as_httpx_errors() -> Iterator[None]:
    try:
        yield
    except Exception as exc:
        for theirs, ours in _EXCEPTIONS:
            if isinstance(exc, theirs):
                raise ours(str(exc)) from exc
        raise


class _ResponseStream(httpx.AsyncByteStream):
    def __init__(self, response: httpcore.Response) -> None:
        self._response = response

    async def __aiter__(self) -> AsyncIterator[bytes]:
        with _as_httpx_errors():
            async for chunk in self._response.aiter_stream():
                yield chunk

    async def aclose(self) -> None:
        with _as_httpx_errors():
            await self._response.aclose()


class GuardedTransport(httpx.AsyncBaseTransport):
    """An httpx transport (HTTP/1.1, no proxy) whose connections go through `GuardedBackend`.

    Certificates are checked against certifi's roots, or SSL_CERT_FILE / SSL_CERT_DIR
    when set (an intranet's own CA).
    """

    def __init__(self, policy: AddressPolicy, resolver: Resolver = resolve) -> None:
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=True),
            network_backend=GuardedBackend(policy, resolver),
        )

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        assert isinstance(request.stream, httpx.AsyncByteStream)
        core_request = httpcore.Request(
            method=request.method,
            url=httpcore.URL(
                scheme=request.url.raw_scheme,
                host=request.url.raw_host,
                port=request.url.port,
                target=request.url.raw_path,
            ),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        with _as_httpx_errors():
            response = await self._pool.handle_async_request(core_request)
        return httpx.Response(
            status_code=response.status,
            headers=response.headers,
            stream=_ResponseStream(response),
            extensions=response.extensions,
        )

    async def aclose(self) -> None:
        await self._pool.aclose()
