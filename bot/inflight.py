"""The work still running, so a stopping app can let it finish first.

A deploy stops a chat process with SIGTERM and waits a few seconds before killing it.
Work already acknowledged would otherwise be cut off: a check would leave its
"Checking …" message behind forever, a verdict could be cut off before Redis has it or
before it is shown, a settings form before it is saved. Every handler (Slack listeners,
Discord interactions) tracks the work it does after acknowledging; `drain` gives it that
time.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine, Iterator
from contextlib import contextmanager
from typing import Any

log = logging.getLogger(__name__)

STOP_GRACE_SECONDS = 8.0  # what a stopping process gives its running work; docker stop waits 10 s


class InFlight:
    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()

    def __len__(self) -> int:
        return len(self._tasks)

    @contextmanager
    def track(self) -> Iterator[None]:
        """Around one listener's work, in the task that runs it."""
        task = asyncio.current_task()
        if task is not None:
            self._tasks.add(task)
        try:
            yield
        finally:
            if task is not None:
                self._tasks.discard(task)

    def spawn(self, work: Coroutine[Any, Any, None], name: str) -> asyncio.Task[None]:
        """Run `work` in a task of its own, in flight until it ends."""
        task = asyncio.create_task(work, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def drain(self, grace: float) -> None:
        """Wait up to `grace` seconds for the running work; log what is left behind."""
        pending = {task for task in self._tasks if not task.done()}
        if not pending:
            return
        grace = max(0.0, grace)
        log.info("waiting up to %.0f s for %d requests still running", grace, len(pending))
        _, left = await asyncio.wait(pending, timeout=grace)
        if left:
            log.warning("stopping with %d requests unfinished", len(left))


async def stop_task(task: asyncio.Task[Any], within: float = 2.0) -> None:
    """Cancel `task` and wait until it has ended, `within` seconds at most.

    The cancellation is repeated until it takes: redis-py (8.1) can swallow one that lands
    while it opens a connection, and the task (a digest tick, say) would then go on.
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while not task.done():
        left = deadline - loop.time()
        if left <= 0:
            log.warning("task %s did not stop within %.0f s; leaving it", task.get_name(),
                        within)
            return
        task.cancel()
        await asyncio.wait({task}, timeout=min(0.1, left))
    if not task.cancelled() and task.exception() is not None:
        log.warning("task %s had failed: %s", task.get_name(), type(task.exception()).__name__)
