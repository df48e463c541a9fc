"""What every command needs: settings, logging, Redis, the service; and error reporting."""

from __future__ import annotations

import logging
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from pydantic import ValidationError

from bot import logs
from bot.analyzers.factory import make_analyzer
from bot.errors import CheckError, ConfigError, user_message
from bot.redis_conn import connect
from bot.service import Service
from bot.settings import AnalyzerChoice, Settings

log = logging.getLogger("factdesk")

EXIT_OK, EXIT_INTERNAL, EXIT_USER = 0, 1, 2


def load_settings() -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
        )
        raise ConfigError(f"Invalid setting ({problems}).") from None


def setup_logging(settings: Settings, verbose: bool = False, terminal: bool = False) -> None:
    """Logging for a command; a terminal command shows warnings only unless verbose."""
    level = "DEBUG" if verbose else ("WARNING" if terminal else settings.log_level)
    logs.configure(level, settings.log_format)


@asynccontextmanager
async def open_service(
    settings: Settings, analyzer: AnalyzerChoice | None = None
) -> AsyncIterator[Service]:
    handle = connect(settings)
    try:
        yield Service(settings, handle.client, make_analyzer(settings, analyzer))
    finally:
        await handle.close()


def report_failure(exc: BaseException, prefix: str = "factdesk") -> int:
    """One line on standard error; the exit code for this kind of failure."""
    message = user_message(exc, log)
    print(f"{prefix}: {message.text}", file=sys.stderr)
    return EXIT_USER if isinstance(exc, CheckError) else EXIT_INTERNAL
