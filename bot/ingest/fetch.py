"""Fetching one link safely: allowed addresses only, one deadline, a byte cap.

- `httpx.AsyncClient(trust_env=False)` over `bot.ingest.connect.GuardedTransport`: no
  proxy or netrc from the environment, and every new connection resolves the host, checks
  every address it resolves to against the `AddressPolicy` (public addresses, plus
  FACTDESK_FETCH_ALLOW) and connects only to a checked address. A refused address is
  never connected to, so the answer does not depend on whether its port is open.
- Redirects are followed here, not by httpx: at most `MAX_REDIRECTS`, http/https only,
  relative `Location` resolved against the current URL; each hop's connection is checked
  like the first.
- One total deadline (`fetch_timeout_seconds`) covers DNS, connecting, every redirect and
  the body; the body is streamed and stops at `fetch_max_bytes`.
- Only HTML and plain text are read; anything else is refused before its body is read.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from bot.errors import BlockedAddressError, FetchError, UnsupportedContentError
from bot.ingest.addresses import parse_allow_list
from bot.ingest.body import ACCEPT_ENCODING, read_capped, too_large
from bot.ingest.connect import GuardedTransport, RefusedAddress
from bot.settings import Settings

MAX_REDIRECTS = 5
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TEXT_TYPES = frozenset({"text/plain", "text/markdown", "text/x-markdown"})
_MEDIA_TYPE = re.compile(r"[a-z0-9.+-]{1,40}/[a-z0-9.+-]{1,40}")
ACCEPT = "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8,*/*;q=0.1"

_TYPE_NAMES = {
    "application/pdf": "a PDF document",
    "application/json": "JSON data",
    "application/zip": "a zip archive",
    "application/octet-stream": "a file download",
    "application/msword": "a Word document",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "a Word document",
}
_FAMILY_NAMES = {"image": "an image", "video": "a video", "audio": "an audio file"}


@dataclass(frozen=True)
class FetchedPage:
    """A page's body, as bytes, with what the server said about it."""

    url: str  # as requested
    final_url: str  # after redirects
    mime: str  # "text/html", "text/plain" (sniffed when the server gave none)
    charset: str | None
    body: bytes

    @property
    def is_html(self) -> bool:
        return self.mime in HTML_TYPES


async def fetch_page(url: str, settings: Settings) -> FetchedPage:
    """GET `url` within the settings' limits; a FetchError subclass says what went wrong."""
    limit = settings.fetch_timeout_seconds
    try:
        async with asyncio.timeout(limit):
            return await _fetch(url, settings)
    except TimeoutError:
        raise _too_slow(url, limit) from None


async def _fetch(url: str, settings: Settings) -> FetchedPage:
    policy = parse_allow_list(settings.fetch_allow)
    headers = {
        "User-Agent": settings.fetch_user_agent,
        "Accept": ACCEPT,
        "Accept-Encoding": ACCEPT_ENCODING,
    }
    client = httpx.AsyncClient(
        transport=GuardedTransport(policy),
        trust_env=False,
        follow_redirects=False,
        timeout=httpx.Timeout(settings.fetch_timeout_seconds),
        headers=headers,
        event_hooks={"response": [_check_location]},
    )
    async with client:
        current = _checked_url(url, hop=0)
        for hop in range(MAX_REDIRECTS + 1):
            try:
                response = await client.send(client.build_request("GET", current), stream=True)
            except RefusedAddress:
                raise _blocked(hop) from None
            except httpx.TimeoutException:
                raise _too_slow(url, settings.fetch_timeout_seconds) from None
            except httpx.ConnectError:
                raise _unreachable(str(current)) from None
            except (httpx.InvalidURL, UnicodeError):  # see _check_location
                raise _bad_link(hop + 1) from None
            except httpx.HTTPError:
                raise _broken(str(current)) from None
            try:
                if response.status_code in REDIRECT_STATUSES and "location" in response.headers:
                    current = _next_hop(response, hop + 1)
                    continue
                return await _page(url, response, settings.fetch_max_bytes)
            except httpx.TimeoutException:
                raise _too_slow(url, settings.fetch_timeout_seconds) from None
            except httpx.HTTPError:
                raise _broken(str(current)) from None
            finally:
                await response.aclose()
    raise FetchError(
        f"That link redirects more than {MAX_REDIRECTS} times, so factdesk stopped following "
        "it. Open it in a browser and share the final link, or paste the article's text."
    )


async def _check_location(response: httpx.Response) -> None:
    """A response hook: refuse a redirect's unusable Location before httpx reads it.

    httpx parses a redirect's Location (and decodes its IDNA host) in `send` even when it
    does not follow it, failing with one of several errors, some of them a protocol error
    that would read as a broken connection.
    """
    if response.status_code in REDIRECT_STATUSES and "location" in response.headers:
        _next_hop(response, hop=1)


def _next_hop(response: httpx.Response, hop: int) -> httpx.URL:
    try:
        target = response.url.join(response.headers["location"])
    except (httpx.InvalidURL, UnicodeError):
        raise _bad_link(hop) from None
    return _checked_url(target, hop)


def _checked_url(url: str | httpx.URL, hop: int) -> httpx.URL:
    """`url` as httpx will send it: http(s), a host httpx can decode, not over-long.

    httpx checks a URL's length and characters when it is built, but decodes an IDNA host
    (`xn--…`) only when asked for it, which would fail inside `send`; ask now.
    """
    try:
        parsed = httpx.URL(url)
        host = parsed.host
    except (httpx.InvalidURL, UnicodeError):  # idna's errors are UnicodeErrors
        raise _bad_link(hop) from None
    if parsed.scheme not in ("http", "https") or not host:
        raise _bad_link(hop)
    return parsed


async def _page(url: str, response: httpx.Response, cap: int) -> FetchedPage:
    _check_status(response)
    mime, charset = _content_type(response)
    if mime and mime not in HTML_TYPES | TEXT_TYPES:
        raise _unsupported(mime)
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > cap:
        raise too_large(cap)
    body = await read_capped(response.aiter_raw(), response.headers.get("content-encoding", ""),
                             cap)
    if not mime:
        mime = _sniff(body)
    return FetchedPage(url=url, final_url=str(response.url), mime=mime, charset=charset,
                       body=body)


def _content_type(response: httpx.Response) -> tuple[str, str | None]:
    """The media type in lower case ("" when absent) and the charset parameter, if any.

    Only a type/subtype token is kept (at most 40 characters each side): the header is
    the site's text, and the type can be quoted back to the user in an error message.
    A header with no such token at its start is "unknown", which is refused.
    """
    header = response.headers.get("content-type", "")
    mime, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip("\"'") or None
    mime = mime.strip().lower()
    if not mime:
        return "", charset
    token = _MEDIA_TYPE.match(mime)
    return (token.group(0) if token else "unknown"), charset


def _sniff(body: bytes) -> str:
    """A media type for a body the server did not label, from its first bytes."""
    head = body[:1024].lstrip().lower()
    if head.startswith(b"%pdf"):
        raise _unsupported("application/pdf")
    if head.startswith((b"\x89png", b"gif8", b"\xff\xd8\xff")):
        raise _unsupported("image")
    if any(tag in head for tag in (b"<!doctype html", b"<html", b"<head", b"<body", b"<p")):
        return "text/html"
    return "text/plain"


def _check_status(response: httpx.Response) -> None:
    status = response.status_code
    if status < 300:
        return
    host = response.url.host
    if status in (404, 410):
        message = (f"That page was not found: {host} answered HTTP {status}. Check the link, "
                   "or paste the article's text.")
    elif status in (401, 402, 403):
        message = (f"{host} refused to give factdesk the page (HTTP {status}); it may need a "
                   "login or subscription. Paste the article's text instead.")
    elif status == 429:
        message = (f"{host} is limiting requests (HTTP 429). Try again in a few minutes, or "
                   "paste the article's text.")
    elif status >= 500:
        message = (f"{host} had a server error (HTTP {status}). Try again later, or paste the "
                   "article's text.")
    else:
        message = (f"{host} answered HTTP {status} instead of the page. Check the link, or "
                   "paste the article's text.")
    raise FetchError(message)


def _unsupported(mime: str) -> UnsupportedContentError:
    family = mime.split("/", 1)[0]
    name = _TYPE_NAMES.get(mime) or _FAMILY_NAMES.get(family) or "a file that is not a web page"
    shown = f" ({mime})" if "/" in mime else ""
    return UnsupportedContentError(
        f"That link serves {name}{shown}, not a web page; factdesk reads web pages and "
        "plain text. Paste the article's text instead."
    )


def _host(url: str) -> str:
    try:
        return urlsplit(url).hostname or "the site"
    except ValueError:
        return "the site"


def _too_slow(url: str, limit: float) -> FetchError:
    return FetchError(
        f"{_host(url)} did not answer within {limit:g} s. Try again later, or paste the "
        "article's text."
    )


def _unreachable(url: str) -> FetchError:
    return FetchError(
        f"Could not connect to {_host(url)}: the site is down or the name does not exist. "
        "Check the link, or paste the article's text."
    )


def _broken(url: str) -> FetchError:
    return FetchError(
        f"The connection to {_host(url)} failed while reading the page. Try again later, or "
        "paste the article's text."
    )


def _blocked(hop: int) -> BlockedAddressError:
    verb = "points" if hop == 0 else "redirects"
    return BlockedAddressError(
        f"That link {verb} to a private or local address, which factdesk does not fetch."
    )


def _bad_link(hop: int) -> FetchError:
    if hop == 0:
        return FetchError(
            "That link is not a web address factdesk can fetch (it is malformed or too "
            "long). Check the link, or paste the article's text."
        )
    return FetchError(
        "That link redirects to something that is not a web page address. Paste the "
        "article's text instead."
    )
