"""One spelling per article link, so the cache finds an article however it was shared.

The same article reaches a team as `HTTPS://Example.com:443/a?utm_source=x#top`, as
`https://example.com/a?fbclid=…` and as `https://example.com/a`. The canonical form is the
cache key, so it must be computable before fetching and must not depend on the page:

- scheme and host in lower case, the host in its IDNA (ASCII) form, no trailing dot;
- no user name or password (they are not part of the article's identity);
- no default port (80 for http, 443 for https);
- no fragment (it never reaches the server);
- no tracking parameters (`utm_*`, `fbclid`, `gclid`, … see `TRACKING_PARAMS`);
- the remaining query parameters sorted, each kept exactly as encoded;
- the path kept as given, an empty path written as "/".
"""

from __future__ import annotations

from urllib.parse import unquote_plus, urlsplit, urlunsplit

import idna

from bot.errors import InputError

TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "twclid",
        "ttclid",
        "li_fat_id",
        "mc_cid",
        "mc_eid",
        "igshid",
        "_ga",
        "_gl",
        "ref_src",
        "ref_url",
        "ocid",
        "mkt_tok",
        "_hsenc",
        "_hsmi",
        "hsctatracking",
        "oly_anon_id",
        "oly_enc_id",
        "vero_id",
        "wickedid",
        "rb_clickid",
        "s_kwcid",
        "cmpid",
        "at_medium",
        "at_campaign",
    }
)
TRACKING_PREFIXES = ("utm_",)
DEFAULT_PORTS = {"http": 80, "https": 443}

NOT_A_WEB_LINK = "That link is not a web address (it must start with http:// or https://)."


def is_tracking_param(name: str) -> bool:
    """True for query parameters that only say how a reader arrived, not what they read."""
    key = unquote_plus(name).strip().lower()
    return key in TRACKING_PARAMS or key.startswith(TRACKING_PREFIXES)


def ascii_host(host: str) -> str:
    """The host in lower-case ASCII (IDNA) form; IP literals and ASCII names pass through."""
    host = host.rstrip(".").lower()
    if host.isascii():
        return host
    try:
        return idna.encode(host, uts46=True).decode("ascii")
    except idna.IDNAError:
        # Not valid IDNA 2008; the codec in the standard library (IDNA 2003) is laxer.
        try:
            return host.encode("idna").decode("ascii")
        except UnicodeError as exc:
            raise InputError("That link's site name is not a valid domain name.") from exc


def canonical_url(url: str) -> str:
    """The canonical form of an http(s) link (see module doc); InputError if it is not one."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise InputError("That link is not a valid web address.") from exc
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise InputError(NOT_A_WEB_LINK)
    hostname = parts.hostname
    if not hostname:
        raise InputError("That link has no site name in it.")
    host = ascii_host(hostname)
    if ":" in host:  # an IPv6 literal keeps its brackets
        host = f"[{host}]"
    netloc = host if port is None or port == DEFAULT_PORTS[scheme] else f"{host}:{port}"
    path = parts.path or "/"
    kept = [pair for pair in parts.query.split("&") if pair and not _tracking_pair(pair)]
    query = "&".join(sorted(kept))
    return urlunsplit((scheme, netloc, path, query, ""))


def _tracking_pair(pair: str) -> bool:
    return is_tracking_param(pair.split("=", 1)[0])
