"""The container's health check: `python -m bot.ops.probe` exits 0 when /healthz says ok.

Docker's HEALTHCHECK runs it inside the container, so it asks 127.0.0.1 (or
FACTDESK_METRICS_HOST, when that names one address) on FACTDESK_METRICS_PORT. Without a
port nothing is served, and the probe reports healthy rather than fail a container that
was never asked to serve health (Docker would otherwise mark every such container
unhealthy). The slim image has no curl:
this uses only the standard library and the settings object.
"""

from __future__ import annotations

import sys
import urllib.error
import urllib.request

from bot.settings import Settings

TIMEOUT = 3.0  # seconds; /healthz itself gives up on Redis after one


#: Addresses that mean "every interface" to a server, and the one a client asks instead.
_WILDCARDS = {"": "127.0.0.1", "0.0.0.0": "127.0.0.1", "::": "::1"}  # noqa: S104


def url_host(listening: str | None) -> str:
    """Where a client on this machine reaches a server listening on `listening`, as a URL
    host: a wildcard becomes loopback, an IPv6 address gets its brackets."""
    host = _WILDCARDS.get(listening or "", listening or "")
    return f"[{host}]" if ":" in host else host


def probe(port: int | None, host: str | None = None) -> int:
    """0 when healthy (or nothing to probe), 1 otherwise."""
    if port is None:
        return 0
    url = f"http://{url_host(host)}:{port}/healthz"
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
            return 0 if response.status == 200 else 1
    except (urllib.error.URLError, OSError, ValueError) as exc:
        print(f"factdesk health: {url}: {exc}", file=sys.stderr)
        return 1


def main() -> int:
    settings = Settings()
    return probe(settings.metrics_port, settings.metrics_host)


if __name__ == "__main__":
    sys.exit(main())
