"""Installing the Slack app as a browser does: the install page, Slack's authorize link,
and the redirect back with a code and the state cookie (sent by hand: it is Secure, and
the tests serve plain HTTP on 127.0.0.1)."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode, urlparse

import aiohttp

STATE_COOKIE = "slack-app-oauth-state"


@dataclass(frozen=True)
class Installed:
    status: int
    page: str
    authorize_query: dict[str, list[str]]  # the link to Slack's authorize page, parsed
    cookie_secure: bool


async def install(session: aiohttp.ClientSession, base: str, code: str) -> Installed:
    """Open `base`/slack/install, then come back to /slack/oauth_redirect with `code`."""
    async with session.get(f"{base}/slack/install") as page:
        if page.status != 200:
            return Installed(page.status, await page.text(), {}, False)
        link = re.search(r'<a href="([^"]+)"', await page.text())
        cookie = page.cookies[STATE_COOKIE]
    assert link is not None, "no install link on the install page"
    query = parse_qs(urlparse(html.unescape(link.group(1))).query)
    back = urlencode({"code": code, "state": query["state"][0]})
    redirect = f"{base}/slack/oauth_redirect?{back}"
    async with session.get(redirect, headers={"Cookie": f"{STATE_COOKIE}={cookie.value}"}) as done:
        return Installed(done.status, await done.text(), query,
                         bool(cookie["secure"] and cookie["httponly"]))
