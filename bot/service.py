"""The one door the handlers and the CLI use: check, verdicts, threads, claims, digests.

Checking is here; verdicts and threads are `bot.verdict_flow`, reading the desk (past
checks, claims, digests, settings) `bot.desk_reads`, which `Service` inherits. It owns the
order of a check: parse the input, look in the cache, single-flight, fetch
and extract, analyze, ground, store in the cache, record on the team's desk. Storage
faults are decided here: a Redis that is unreachable, or that answers but cannot take
writes (full, read-only), still gets an answer to a check (marked as not cached and not
saved), but a verdict that cannot be stored is refused plainly (the words: `bot.stored`).
"""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import redis.asyncio as aioredis

from bot import keys
from bot.analyzers.base import Analyzer, run_analyzer
from bot.cache import AnalysisCache
from bot.desk import Desk
from bot.errors import CheckError
from bot.flagged import flagged_units
from bot.ingest import ArticleInput, load_article, parse_input
from bot.models import Analysis, Article, CacheState, SourceKind
from bot.ops import metrics
from bot.records import Actor, CheckRecord, CheckResult, Place, Team
from bot.redis_conn import storage_fault
from bot.replay import Deliveries
from bot.settings import Settings
from bot.singleflight import SingleFlight
from bot.stored import described, not_saved, stored
from bot.surface import Surface
from bot.verdict_flow import VerdictWorkflow

if TYPE_CHECKING:  # taskiq only where the queue is used
    from bot.jobs.queue import JobQueue, Queued

log = logging.getLogger(__name__)

Loader = Callable[[ArticleInput, Settings], Awaitable[Article]]

INPUT_SHOWN = 300  # characters of pasted text kept in a check record


@dataclass(frozen=True)
class Analyzed:
    """An analysis with what identifies it: the parsed input and its cache key."""

    input: ArticleInput
    key: str
    analysis: Analysis


class Service(VerdictWorkflow):
    def __init__(
        self,
        settings: Settings,
        client: aioredis.Redis,
        analyzer: Analyzer,
        loader: Loader = load_article,
        jobs: JobQueue | None = None,
    ) -> None:
        """`jobs`: send analyses to the workers' queue (`bot.jobs`) instead of running
        them here."""
        self.settings = settings
        self.analyzer = analyzer
        self._load = loader
        self.cache = AnalysisCache(client, settings.cache_ttl_seconds)
        self.flight = SingleFlight(client, self.cache, settings.singleflight_wait_seconds)
        self.jobs = jobs
        # one job per article at a time across chat processes (workers have their own)
        self._job_flight = SingleFlight(client, self.cache, settings.singleflight_wait_seconds,
                                        namespace=keys.JOB_FLIGHT)
        self.desk = Desk(client)
        self.deliveries = Deliveries(client)  # signed requests taken, to refuse replays

    # ------------------------------------------------------------------ checking

    async def close(self) -> None:
        """Close what the service opened itself (the job queue's connections)."""
        if self.jobs is not None:
            await self.jobs.close()

    @metrics.counted_check
    async def analyze(self, raw: str, refresh: bool = False,
                      queued: Queued | None = None) -> Analyzed:
        """The analysis of an article or link, from the cache when it has one, else made
        here or, with a job queue, by a worker (`queued` is told the check's place when
        the queue is deeper than FACTDESK_QUEUE_BUSY_DEPTH)."""
        parsed = parse_input(raw)
        key = keys.analysis_key(
            self.analyzer.name, self.analyzer.model, self.analyzer.prompt_hash,
            parsed.cache_identity(),
        )

        async def work() -> Analysis:
            started = time.perf_counter()
            article = await self._load(parsed, self.settings)
            analysis = await run_analyzer(self.analyzer, article)
            metrics.analysis_done(analysis.engine, time.perf_counter() - started)
            log.info(
                "analyzed %s with %s in %.0f ms (%d items dropped by grounding)",
                article.canonical_url or f"text:{article.content_hash[:12]}",
                self.analyzer.name, (time.perf_counter() - started) * 1000,
                analysis.engine.dropped,
            )
            return analysis

        jobs = self.jobs
        if jobs is None:
            outcome = await self.flight.run(key, work, refresh=refresh)
        else:
            async def queued_work() -> Analysis:
                _, analysis = await jobs.analyze(raw, refresh, queued)
                return analysis

            outcome = await self._job_flight.run(key, queued_work, refresh=refresh)
        metrics.cache_result(outcome.state)
        engine = outcome.analysis.engine.model_copy(
            update={"cached": outcome.state is CacheState.HIT, "cache": outcome.state}
        )
        return Analyzed(parsed, key, outcome.analysis.model_copy(update={"engine": engine}))

    async def check(
        self, team: Team, raw: str, who: Actor, where: Place, refresh: bool = False,
        queued: Queued | None = None,
    ) -> CheckResult:
        """Analyze and record the check on the team's desk, with its flagged claims."""
        analyzed = await self.analyze(raw, refresh=refresh, queued=queued)
        analysis = analyzed.analysis
        record = CheckRecord(
            id=_new_id(),
            team=team.key,
            at=datetime.now(UTC),
            who=who,
            where=where,
            input=_shown_input(analyzed.input),
            kind=analyzed.input.kind,
            canonical_url=analysis.article.canonical_url,
            title=analysis.article.title,
            site=analysis.article.site,
            analysis_key=analyzed.key,
            analyzer=analysis.engine.analyzer,
            model=analysis.engine.model,
            cached=analysis.engine.cached,
            tokens_in=0 if analysis.engine.cached else analysis.engine.tokens_in,
            tokens_out=0 if analysis.engine.cached else analysis.engine.tokens_out,
            cost_usd=0.0 if analysis.engine.cached else analysis.engine.cost_usd,
        )
        units = flagged_units(analysis)
        try:
            items = await self.desk.record_check(
                team, record, analysis, units, analyzed.input.cache_identity()
            )
        except Exception as exc:
            fault = storage_fault(exc)
            if fault is None:
                raise
            metrics.count_error("not_saved")
            log.warning("check %s not saved: %s (%s)", record.id, described(fault),
                        type(exc).__name__)
            notice = not_saved(fault)
            return CheckResult(analysis=analysis, saved=False, notice=notice)
        record = record.model_copy(update={"claim_ids": [item.claim.id for item in items]})
        return CheckResult(analysis=analysis, check=record, flagged=items)

    async def check_and_show(self, team: Team, raw: str, who: Actor, where: Place,
                             surface: Surface, refresh: bool = False) -> CheckResult:
        """Check, show the result on `surface`, and record where it landed (recorded
        before it is shown when the surface knows in advance, so a button pressed at once
        finds it). Failing to record only means verdicts will not update it: logged."""
        result = await self.check(team, raw, who, where, refresh=refresh,
                                  queued=surface.show_queued)
        early = surface.landing
        if early is not None:
            await self._record_landing(team, result, early)
        place = await surface.show_check(result)
        if place is not None and place != early:
            await self._record_landing(team, result, place)
        return result

    async def _record_landing(self, team: Team, result: CheckResult, place: Place) -> None:
        if not result.saved or result.check is None:
            return
        try:
            await self.record_result_message(team, result.check.id, place)
        except CheckError:  # Redis went away in between: verdicts will not update it
            log.warning("check %s: could not record where its analysis is posted",
                        result.check.id)

    async def record_result_message(self, team: Team, check_id: str, place: Place) -> None:
        """Remember where the rendered analysis was posted, to update it after verdicts."""
        await stored(self.desk.set_result_message(team, check_id, place))


def _new_id() -> str:
    return f"{int(time.time() * 1000):x}{secrets.token_hex(3)}"


def _shown_input(parsed: ArticleInput) -> str:
    if parsed.kind is SourceKind.LINK and parsed.url:
        return parsed.url
    text = (parsed.text or parsed.raw).strip()
    return text if len(text) <= INPUT_SHOWN else text[: INPUT_SHOWN - 1] + "…"
