"""Acknowledge first, think later — also when fifty commands arrive at once.

Slack drops a request that is not acknowledged within 3 seconds. Each listener calls
`ack()` at once, but the slow part that follows (fetching, the model client building its
request, rendering) runs on the same event loop, and fifty checks' worth of that work
would sit in front of the fifty-first acknowledgement. So the slow part waits until no
request is being dispatched and none arrived in the last few milliseconds (a burst is
over), for at most `max_wait` seconds, so steady traffic still makes progress.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from contextlib import contextmanager


class AckFirst:
    def __init__(self, quiet: float = 0.01, max_wait: float = 1.0) -> None:
        self.quiet = quiet
        self.max_wait = max_wait
        self._dispatching = 0
        self._last = 0.0

    @contextmanager
    def dispatching(self) -> Iterator[None]:
        """Around the dispatch of one request, until its acknowledgement is ready."""
        self._dispatching += 1
        self._last = time.monotonic()
        try:
            yield
        finally:
            self._dispatching -= 1
            self._last = time.monotonic()

    def mark(self) -> None:
        """A request was just acknowledged without being dispatched (`deferred`): the
        burst it belongs to may not be over."""
        self._last = time.monotonic()

    async def settled(self) -> None:
        """Return once pending acknowledgements are out (or after `max_wait`)."""
        deadline = time.monotonic() + self.max_wait
        while (now := time.monotonic()) < deadline:
            idle = now - self._last
            if self._dispatching == 0 and idle >= self.quiet:
                return
            await asyncio.sleep(self.quiet if self._dispatching else self.quiet - idle)
