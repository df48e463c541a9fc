"""Slack's HTTP requests: signature checked before anything reads them, replays not acted on.

Slack signs each request: `X-Slack-Request-Timestamp` (Unix seconds) and
`X-Slack-Signature: v0=<hex>`, the HMAC-SHA256 with the signing secret of
`v0:{timestamp}:{raw body}`; a timestamp more than five minutes from our clock is refused.

`web_app` serves the app at one path and checks, in this order: both headers present
(else 401), the timestamp a number (else 400) and within five minutes (else 401), then
reads the body and checks the signature (else 401). Only a request that passed is
parsed (a signed body that is not Slack's form or JSON: 400) and handed to Bolt (a
slash command, answered 200 first: `deferred`). So an
unsigned request never reaches the parser, and a refusal is logged as one line naming
the reason, never the body or a header's text: a refused request's body can be anyone's
text (or a forged log line), and a genuine one refused for clock skew carries a user's.

A signed request whose signature was already taken is a replay (Slack's scheme has no
nonce): it is answered 200 and not dispatched (`bot.replay.Deliveries`).

`SignatureCheck` is the same check as Bolt middleware, in place of Bolt's own (which
logs a refused request's body), for any other way the app could be served.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.async_app import AsyncApp
from slack_bolt.middleware.async_middleware import AsyncMiddleware
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

from bot.replay import Deliveries
from handlers.slack_app.deferred import (
    DeferredCommands,
    Delivered,
    bolt_request_of,
    is_slash_command,
)
from handlers.slack_app.ids import PLATFORM

log = logging.getLogger("handlers.slack_app")

MAX_AGE = 300  # seconds a timestamp may be from our clock, either way (Slack's rule)
TIMESTAMP_HEADER = "X-Slack-Request-Timestamp"
SIGNATURE_HEADER = "X-Slack-Signature"

_TIMESTAMP = re.compile(r"[0-9]{1,12}")
_SIGNATURE = re.compile(r"v0=[0-9a-f]{64}")
_REFUSED_BODY = b'{"error": "invalid request"}'


@dataclass(frozen=True)
class Refusal:
    status: int
    reason: str  # for the log: our own words and numbers, nothing of the request's


@dataclass(frozen=True)
class Stamp:
    """The signature headers of a request whose timestamp is acceptable."""

    timestamp: str
    signature: str
    valid_for: float  # seconds until the timestamp is too old to be accepted


UNSIGNED = Refusal(401, "unsigned (no X-Slack-Signature or X-Slack-Request-Timestamp)")
BAD_TIMESTAMP = Refusal(400, "malformed X-Slack-Request-Timestamp (not Unix seconds)")
BAD_SIGNATURE = Refusal(401, "malformed X-Slack-Signature (not v0=<hex>)")
MISMATCH = Refusal(401, "wrong signature (is SLACK_SIGNING_SECRET this app's?)")
NOT_SLACKS = Refusal(400, "signed, but the body is not a Slack form or JSON payload")


def check_headers(timestamp: str | None, signature: str | None, now: float) -> Refusal | Stamp:
    """What the headers alone decide, before the body is read."""
    if not timestamp or not signature:
        return UNSIGNED
    if not _TIMESTAMP.fullmatch(timestamp):
        return BAD_TIMESTAMP
    if not _SIGNATURE.fullmatch(signature):
        return BAD_SIGNATURE
    skew = now - int(timestamp)
    if abs(skew) > MAX_AGE:
        side = "behind" if skew > 0 else "ahead of"
        return Refusal(401, f"its timestamp is {abs(skew):.0f} s {side} this server's clock "
                            f"(at most {MAX_AGE} s): if Slack's own requests are refused, "
                            "check the server's clock")
    return Stamp(timestamp, signature, valid_for=int(timestamp) + MAX_AGE - now)


def check_body(secret: str, stamp: Stamp, body: bytes) -> Refusal | None:
    """The signature over the raw body: None when it is Slack's."""
    base = b"v0:" + stamp.timestamp.encode() + b":" + body
    expected = "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return None if hmac.compare_digest(expected, stamp.signature) else MISMATCH


def refuse(refusal: Refusal, size: int | None) -> None:
    """The one log line of a refused request."""
    log.warning("refused a Slack request (%s bytes): %s",
                "?" if size is None else size, refusal.reason)


def web_app(app: AsyncApp, secret: str, path: str, deliveries: Deliveries | None = None,
            deferred: DeferredCommands | None = None) -> web.Application:
    """An aiohttp application serving `app` at `path`: checked, then dispatched; with
    `deferred`, a slash command is answered as soon as it is checked (`deferred`)."""

    async def events(request: web.Request) -> web.StreamResponse:
        arrived = time.perf_counter()
        stamp = check_headers(request.headers.get(TIMESTAMP_HEADER),
                              request.headers.get(SIGNATURE_HEADER), time.time())
        if isinstance(stamp, Refusal):
            return _refused(stamp, request.content_length)
        body = await request.read()  # aiohttp's client_max_size (1 MiB) bounds it
        refusal = check_body(secret, stamp, body)
        if refusal is not None:
            return _refused(refusal, len(body))

        async def first_delivery() -> bool:
            if deliveries is None or await deliveries.first(
                    PLATFORM, stamp.signature, stamp.valid_for):
                return True
            log.info("ignored a replayed Slack request: its signature was already used")
            return False

        delivered = Delivered(body, request.query_string, dict(request.headers))
        if deferred is not None and is_slash_command(body):
            deferred.take(delivered, first_delivery, arrived)
            return web.Response(status=200)
        bolt_request = bolt_request_of(delivered)
        if bolt_request is None:
            return _refused(NOT_SLACKS, len(body))
        if not await first_delivery():
            return web.Response(status=200)
        return await to_aiohttp_response(await app.async_dispatch(bolt_request))

    web_application = web.Application()
    web_application.router.add_post(path, events)
    return web_application


def _refused(refusal: Refusal, size: int | None) -> web.Response:
    refuse(refusal, size)
    return web.Response(status=refusal.status, body=_REFUSED_BODY,
                        content_type="application/json")


class SignatureCheck(AsyncMiddleware):
    """The same check inside Bolt, for HTTP requests that reached it another way."""

    def __init__(self, secret: str) -> None:
        self._secret = secret

    async def async_process(self, *, req: AsyncBoltRequest, resp: BoltResponse,
                            next: Callable[[], Awaitable[BoltResponse]]) -> BoltResponse:
        if req.mode == "socket_mode":
            return await next()
        stamp = check_headers(_first(req, TIMESTAMP_HEADER), _first(req, SIGNATURE_HEADER),
                              time.time())
        body = req.raw_body.encode("utf-8")
        refusal = stamp if isinstance(stamp, Refusal) else check_body(self._secret, stamp, body)
        if refusal is not None:
            refuse(refusal, len(body))
            return BoltResponse(status=refusal.status, body={"error": "invalid request"})
        return await next()


def _first(req: AsyncBoltRequest, header: str) -> str | None:
    values = req.headers.get(header.lower())
    return values[0] if values else None
