"""The one door the handlers and the CLI use: check, verdicts, threads, claims, digests.

It owns the order of a check: parse the input, look in the cache, single-flight, fetch
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
from bot.claim_matching import with_earlier
from bot.desk import Desk, UnknownClaimError
from bot.digest import Digest, build_digest
from bot.errors import CheckError, NotAllowedError, StorageUnavailableError
from bot.flagged import flagged_units
from bot.full_report import filename, full_markdown
from bot.ingest import ArticleInput, load_article, parse_input
from bot.models import Analysis, Article, CacheState, SourceKind
from bot.ops import metrics
from bot.presentation import title_of
from bot.records import (
    Actor,
    CheckRecord,
    CheckResult,
    ClaimStatus,
    FlaggedClaim,
    FlaggedItem,
    Place,
    Team,
    TeamSettings,
    ThreadRef,
)
from bot.redis_conn import storage_fault
from bot.replay import Deliveries
from bot.scheduler import delivery_notice
from bot.settings import Settings
from bot.singleflight import SingleFlight
from bot.stored import described, fault_of, not_saved, stored, verdict_not_saved
from bot.surface import Discussion, FullAnalysis, Note, NoteKind, Surface, VerdictOutcome
from bot.windows import resolve_window

if TYPE_CHECKING:  # taskiq only where the queue is used
    from bot.jobs.queue import JobQueue, Queued

log = logging.getLogger(__name__)

Loader = Callable[[ArticleInput, Settings], Awaitable[Article]]

NOT_A_VERDICT_SETTER = (
    "Only the team's fact-checkers can set verdicts here (the group chosen in factdesk's "
    "settings). You can still discuss the claim in its thread."
)
CHECK_GONE = ("That analysis is no longer on this team's desk (or was never saved). Run "
              "/factcheck on the article again.")
INPUT_SHOWN = 300  # characters of pasted text kept in a check record
REASON_CHARS = 300  # a verdict's reason, as stored


@dataclass(frozen=True)
class Analyzed:
    """An analysis with what identifies it: the parsed input and its cache key."""

    input: ArticleInput
    key: str
    analysis: Analysis


class Service:
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

    async def check_view(self, team: Team, check_id: str) -> CheckResult | None:
        """A past check as it stands now (current verdicts), for re-rendering its message."""
        record = await stored(self.desk.check(team, check_id))
        if record is None:
            return None
        analysis = await stored(self.desk.analysis(team, record.analysis_key))
        if analysis is None:
            return None
        claims = {c.id: c for c in await stored(self.desk.claims(team, record.claim_ids))}
        items = [
            FlaggedItem(item_id=sighting.item_id, claim=claim)
            for claim in claims.values()
            for sighting in claim.sightings
            if sighting.check_id == check_id
        ]
        items = await stored(with_earlier(self.desk, team, items))
        return CheckResult(analysis=analysis, check=record, flagged=items)

    async def full_analysis(self, team: Team, check_id: str, surface: Surface
                            ) -> FullAnalysis:
        """A check's complete analysis as it stands now (current verdicts and threads),
        shown on `surface`: the Markdown file, and the platform's paged view."""
        view = await self.check_view(team, check_id)
        if view is None:
            raise CheckError(CHECK_GONE)
        document = FullAnalysis(filename(view), f"Full analysis: {title_of(view.analysis)}",
                                full_markdown(view))
        await surface.show_full(view, document)
        return document

    async def checks_showing(self, team: Team, claim_id: str, limit: int = 3
                             ) -> list[CheckResult]:
        """The latest checks whose posted analysis shows this claim, newest first."""
        claim = await self.claim(team, claim_id)
        seen: list[str] = []
        for sighting in reversed(claim.sightings):
            if sighting.check_id not in seen:
                seen.append(sighting.check_id)
        views: list[CheckResult] = []
        for check_id in seen:
            view = await self.check_view(team, check_id)
            if view is not None and view.check is not None and view.check.result_message:
                views.append(view)
                if len(views) == limit:
                    break
        return views

    # --------------------------------------------------------- claims and verdicts

    async def claim(self, team: Team, claim_id: str) -> FlaggedClaim:
        found = await stored(self.desk.claim(team, claim_id))
        if found is None:
            raise UnknownClaimError()
        return found

    async def claims(self, team: Team, status: ClaimStatus | None = None) -> list[FlaggedClaim]:
        """The team's flagged claims, oldest first, optionally of one status."""
        ids = await stored(self.desk.claim_ids(team))
        found = await stored(self.desk.claims(team, ids))
        return [c for c in found if status is None or c.status is status]

    async def set_verdict(
        self, team: Team, claim_id: str, status: ClaimStatus, who: Actor, note: str | None = None
    ) -> FlaggedClaim:
        """Record a verdict; returns only once Redis has it (else StorageUnavailableError)."""
        try:
            return await self.desk.set_verdict(team, claim_id, status, who, note)
        except Exception as exc:
            fault = storage_fault(exc)
            if fault is None:
                raise
            metrics.count_error("verdict_not_saved")
            log.warning("verdict on %s not saved: %s (%s)", claim_id, described(fault),
                        type(exc).__name__)
            raise StorageUnavailableError(verdict_not_saved(fault)) from exc

    async def verdict(self, team: Team, claim_id: str, status: ClaimStatus, who: Actor,
                      surface: Surface, note: str | None = None) -> VerdictOutcome:
        """Save the verdict (else StorageUnavailableError), then show it everywhere: the
        claim's card, every shown analysis of it, a note in its thread. Each of those is
        on its own: one failing (a deleted message, an archived channel) is logged and
        the others still run; the outcome says which could not be shown."""
        await self.check_verdict_right(team, who, surface)
        reason = " ".join((note or "").split())[:REASON_CHARS] or None
        claim = await self.set_verdict(team, claim_id, status, who, reason)
        # saved: from here on nothing may read as "not saved", whatever fails to show it
        views = await self._showing(team, claim.id)
        analysis = _first_place(views)
        card_missed = not await _shown(f"the card of claim {claim.id}",
                                       surface.update_card(claim, analysis))
        analyses_missed = await self._refresh(surface, views)
        kind = NoteKind.REOPENED if status is ClaimStatus.OPEN else NoteKind.VERDICT
        note_missed = not await _shown(f"the verdict note of claim {claim.id}",
                                       surface.post_note(claim, Note(kind, who)))
        return VerdictOutcome.of(claim, card_missed, analyses_missed, note_missed)

    async def check_verdict_right(self, team: Team, who: Actor, surface: Surface) -> None:
        """Refuse (NotAllowedError) whoever is outside the team's verdict group, if it has
        one; asked of the platform at every press, so a change counts at once."""
        try:
            group = (await self.team_settings(team)).verdict_group
        except StorageUnavailableError as exc:  # then the verdict could not be saved
            raise StorageUnavailableError(verdict_not_saved(fault_of(exc))) from exc
        if group and not await surface.may_set_verdicts(who, group):
            raise NotAllowedError(NOT_A_VERDICT_SETTER)

    async def discuss(self, team: Team, claim_id: str, who: Actor, surface: Surface
                      ) -> Discussion:
        """The claim's one thread: the existing one, or one the surface opens now, after
        which every shown analysis of the claim is refreshed to link it."""

        opened: list[FlaggedClaim] = []

        async def create(claim: FlaggedClaim) -> ThreadRef:
            views = await self._showing(team, claim.id)
            ref = (await surface.open_thread(claim, who, _first_place(views))).model_copy(
                update={"opened_by": who})
            opened.append(claim.model_copy(update={"thread": ref}))
            return ref

        thread, created = await self.open_thread(team, claim_id, create)
        if created and opened:
            await self._refresh(surface, await self._showing(team, claim_id))
            await _shown(f"the opening note of claim {claim_id}",
                         surface.post_note(opened[0], Note(NoteKind.OPENED, who)))
        return Discussion(thread, created)

    async def _showing(self, team: Team, claim_id: str) -> list[CheckResult]:
        """The shown analyses of a claim; none (logged) if the desk cannot say."""
        try:
            return await self.checks_showing(team, claim_id)
        except CheckError as exc:  # the analyses catch up on the next verdict
            log.warning("cannot list the analyses showing %s: %s", claim_id,
                        type(exc).__name__)
            return []

    async def _refresh(self, surface: Surface, views: list[CheckResult]) -> int:
        """Refresh each shown analysis; how many could not be."""
        missed = 0
        for view in views:
            place = view.check.result_message if view.check else None
            if place is None or not place.message:
                continue
            if not await _shown(f"analysis {place.message} in {place.channel}",
                                surface.refresh_check(view)):
                missed += 1
        return missed

    async def thread_for(self, team: Team, claim_id: str) -> ThreadRef | None:
        return (await self.claim(team, claim_id)).thread

    async def open_thread(
        self, team: Team, claim_id: str, create: Callable[[FlaggedClaim], Awaitable[ThreadRef]]
    ) -> tuple[ThreadRef, bool]:
        """The claim's one thread for this team: the existing one, or one `create` makes."""
        return await stored(self.desk.open_thread(team, claim_id, create))

    # ------------------------------------------------------------------- digests

    async def digest(self, team: Team, window: str = "24h", now: datetime | None = None
                     ) -> Digest:
        """The team's digest for a named window (today, yesterday, 24h, 7d, …)."""
        settings = await self.team_settings(team)
        start, end = resolve_window(window, settings, now or datetime.now(UTC))
        return await self.digest_window(team, start, end)

    async def digest_window(self, team: Team, start: datetime, end: datetime) -> Digest:
        return await stored(build_digest(self.desk, team, start, end))

    # ------------------------------------------------------------------ settings

    async def team_settings(self, team: Team) -> TeamSettings:
        return await stored(self.desk.settings(team))

    async def save_team_settings(self, team: Team, settings: TeamSettings) -> None:
        await stored(self.desk.save_settings(team, settings))

    async def delivery_notice(self, team: Team, settings: TeamSettings) -> str | None:
        """The warning line for the settings answers while the digest cannot be posted."""
        return await stored(delivery_notice(self.desk, team, settings))


async def _shown(what: str, step: Awaitable[object]) -> bool:
    """Run one best-effort step of showing something saved; False (logged) if it failed."""
    try:
        await step
    except CheckError as exc:
        log.warning("saved, but %s not updated: %s", what, type(exc).__name__)
        return False
    except Exception as exc:
        log.warning("saved, but %s not updated (%s)", what, type(exc).__name__, exc_info=exc)
        return False
    return True


def _first_place(views: list[CheckResult]) -> Place | None:
    for view in views:
        place = view.check.result_message if view.check else None
        if place is not None and place.message:
            return place
    return None


def _new_id() -> str:
    return f"{int(time.time() * 1000):x}{secrets.token_hex(3)}"


def _shown_input(parsed: ArticleInput) -> str:
    if parsed.kind is SourceKind.LINK and parsed.url:
        return parsed.url
    text = (parsed.text or parsed.raw).strip()
    return text if len(text) <= INPUT_SHOWN else text[: INPUT_SHOWN - 1] + "…"
