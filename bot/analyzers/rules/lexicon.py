"""Word lists, read from the data files beside this module (one place to extend them)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


@cache
def words(name: str) -> frozenset[str]:
    """The lower-case words of `data/<name>.txt`; `#` starts a comment."""
    out: set[str] = set()
    for line in (DATA / f"{name}.txt").read_text("utf-8").splitlines():
        out.update(line.split("#", 1)[0].lower().split())
    return frozenset(out)


@cache
def phrases(name: str) -> tuple[tuple[str, ...], ...]:
    """The lines of `data/<name>.txt` as word tuples (lower case), longest first."""
    out = []
    for line in (DATA / f"{name}.txt").read_text("utf-8").splitlines():
        text = line.split("#", 1)[0].strip().lower()
        if text:
            out.append(tuple(text.split()))
    return tuple(sorted(out, key=len, reverse=True))
