"""`factdesk worker`: run analyses taken from the Redis job queue (`bot.jobs`).

Chat processes with FACTDESK_ANALYSIS_QUEUE on send their analyses here; any number of
workers share them (FACTDESK_WORKER_CONCURRENCY at a time each). A worker needs
REDIS_URL (the queue's Redis, shared with the chat processes) and the analyzer's
settings, never a chat token. SIGTERM or SIGINT stops it: it takes no new job, and the
jobs it is running get 8 seconds to finish (docker stop waits 10); one still running then
is taken over by another worker once its idle time has passed.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
from typing import Any

from bot.analyzers.factory import make_analyzer
from bot.cli.runtime import (
    EXIT_OK,
    add_analyzer_option,
    analyzer_choice,
    load_settings,
    report_failure,
    setup_logging,
    stop_event,
)
from bot.errors import CheckError
from bot.inflight import STOP_GRACE_SECONDS, stop_task
from bot.models import Analysis
from bot.ops.server import start_ops_server
from bot.redis_conn import connect
from bot.service import Service
from bot.settings import AnalyzerChoice, Settings

log = logging.getLogger("factdesk.worker")


def register(commands: Any) -> None:
    parser: argparse.ArgumentParser = commands.add_parser(
        "worker",
        help="run queued analyses (for chat processes with FACTDESK_ANALYSIS_QUEUE on)",
        description="Run analyses from the Redis job queue. Needs REDIS_URL.",
    )
    parser.add_argument("--concurrency", type=_at_least_one, default=None,
                        help="analyses at a time (default FACTDESK_WORKER_CONCURRENCY)")
    add_analyzer_option(parser)
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    parser.set_defaults(run=run)


def _at_least_one(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError("give a whole number of analyses, 1 or more")
    return int(text)


def run(args: argparse.Namespace) -> int:
    try:
        settings = load_settings()
        settings.require("redis_url")
    except CheckError as exc:
        return report_failure(exc)
    if args.concurrency is not None:
        settings = settings.model_copy(update={"worker_concurrency": args.concurrency})
    setup_logging(settings, args.verbose)
    try:
        asyncio.run(work(settings, analyzer_choice(args)))
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        return report_failure(exc)
    return EXIT_OK


async def work(settings: Settings, choice: AnalyzerChoice | None = None,
               stop: asyncio.Event | None = None) -> None:
    """Take jobs until `stop` is set (by default: SIGTERM or SIGINT)."""
    assert settings.redis_url is not None
    # taskiq is imported here, not with the `factdesk` command itself
    from taskiq.receiver import Receiver

    from bot.jobs.broker import BLOCK_MS, make_broker
    from bot.jobs.queue import JobRunner, idle_ms, register_task

    with stop_event(stop) as stopping:
        handle = connect(settings)
        broker = make_broker(settings.redis_url, idle_ms(settings))
        try:
            service = Service(settings, handle.client, make_analyzer(settings, choice))

            async def analyze(raw: str, refresh: bool) -> tuple[str, Analysis]:
                analyzed = await service.analyze(raw, refresh=refresh)
                return analyzed.key, analyzed.analysis

            register_task(broker)
            broker.state.runner = JobRunner(handle.client, analyze, settings)
            await broker.startup()
            ops = await start_ops_server(settings, service, lambda: True)
            finish = asyncio.Event()
            receiver = Receiver(broker, max_async_tasks=settings.worker_concurrency,
                                run_startup=False, wait_tasks_timeout=STOP_GRACE_SECONDS)
            listening = asyncio.create_task(receiver.listen(finish), name="factdesk-worker")
            log.info("factdesk worker: taking analyses, %d at a time",
                     settings.worker_concurrency)
            try:
                await stopping.wait()
                log.info("stopping: no new analyses; those running get %.0f s to finish",
                         STOP_GRACE_SECONDS)
                finish.set()  # taskiq's receiver stops taking jobs, waits for its running ones
                await asyncio.wait({listening}, timeout=STOP_GRACE_SECONDS + BLOCK_MS / 1000)
            finally:
                await stop_task(listening)
                await ops.close()
        finally:
            await broker.shutdown()
            await handle.close()
    log.info("factdesk worker: stopped")
