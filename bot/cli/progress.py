"""A small progress indicator on standard error, shown only on a terminal."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from collections.abc import Iterator
from typing import TextIO

_FRAMES = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"


class Progress:
    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._live = stream.isatty()
        self._width = 0

    @contextlib.contextmanager
    def stage(self, label: str) -> Iterator[None]:
        if not self._live:
            yield
            return
        task = asyncio.get_running_loop().create_task(self._spin(label))
        try:
            yield
        finally:
            task.cancel()
            self.clear()

    async def _spin(self, label: str) -> None:
        for frame in itertools.cycle(_FRAMES):
            self._write(f"{frame} {label[:70]}…")
            await asyncio.sleep(0.1)

    def _write(self, text: str) -> None:
        self._stream.write("\r" + text.ljust(self._width))
        self._stream.flush()
        self._width = len(text)

    def clear(self) -> None:
        if self._live and self._width:
            self._stream.write("\r" + " " * self._width + "\r")
            self._stream.flush()
            self._width = 0
