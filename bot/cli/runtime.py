"""What every command needs: settings, logging, Redis, the service; error reporting; and a
clean stop on SIGTERM (docker stop) or SIGINT (Ctrl-C)."""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import signal
import sys
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager

import redis.asyncio as aioredis
from pydantic import ValidationError

from bot import logs
from bot.analyzers.base import Analyzer
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


def chat_service(settings: Settings, client: aioredis.Redis, analyzer: Analyzer) -> Service:
    """A chat process's service: its analyses on the job queue when FACTDESK_ANALYSIS_QUEUE
    is on (`factdesk worker` runs them), else in-process. Close it with `Service.close`."""
    if not settings.analysis_queue:
        return Service(settings, client, analyzer)
    from bot.jobs.queue import JobQueue  # taskiq: only for a process that queues

    return Service(settings, client, analyzer, jobs=JobQueue(settings, client))


def report_failure(exc: BaseException, prefix: str = "factdesk") -> int:
    """One line on standard error; the exit code for this kind of failure."""
    message = user_message(exc, log)
    print(f"{prefix}: {message.text}", file=sys.stderr)
    return EXIT_USER if isinstance(exc, CheckError) else EXIT_INTERNAL


@contextmanager
def on_signals(stop: Callable[[], None]) -> Iterator[None]:
    """Call `stop` on SIGTERM or SIGINT while inside the block; handlers removed after it.

    Outside the main thread (or where the loop has no signals) nothing is installed: the
    caller is then stopped by cancellation instead.
    """
    loop = asyncio.get_running_loop()
    installed: list[signal.Signals] = []
    for signum in (signal.SIGTERM, signal.SIGINT):
        try:
            loop.add_signal_handler(signum, stop)
            installed.append(signum)
        except (NotImplementedError, RuntimeError, ValueError):
            pass
    try:
        yield
    finally:
        for signum in installed:
            loop.remove_signal_handler(signum)


@contextmanager
def stop_event(stop: asyncio.Event | None) -> Iterator[asyncio.Event]:
    """`stop` when given (tests); else a new event, set by SIGTERM or SIGINT while inside
    the block."""
    if stop is not None:
        yield stop
        return
    made = asyncio.Event()
    with on_signals(made.set):
        yield made


def freeze_startup_objects() -> None:
    """Keep the garbage collector off what start-up built (modules, models, clients).

    A full collection scans every live object; after importing Bolt or discord.py, openai
    and pydantic that took 35-100 ms, and one landing in a burst of commands delayed every
    acknowledgement behind it (bench/slack_ack.py: p99 from ~200 ms to ~50 ms). Both chat
    processes call this once they are set up.
    """
    gc.collect()
    gc.freeze()


def add_analyzer_option(parser: argparse.ArgumentParser) -> None:
    """`--analyzer rules|llm|auto`, as `analyze` and the chat processes take it."""
    parser.add_argument("--analyzer", choices=[c.value for c in AnalyzerChoice], default=None,
                        help="rules (offline), llm (a configured model), auto (default)")


def analyzer_choice(args: argparse.Namespace) -> AnalyzerChoice | None:
    """The `--analyzer` given, if any (None: the settings decide)."""
    value = getattr(args, "analyzer", None)
    return AnalyzerChoice(value) if value else None
