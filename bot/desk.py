"""The team's desk in Redis: checks, flagged claims, verdicts, threads, settings, and
why the daily digest last could not be posted.

Every call takes the team, and every key it touches carries that team (`bot.keys`), so
one team can never read another's records. Records never expire. Updates of one record
are optimistic transactions (WATCH/MULTI), so concurrent checks and verdicts do not
lose each other's writes; a verdict is acknowledged only after Redis has taken it.
Every transaction and multi-key command stays within the team's hash slot, so the desk
runs on a Redis Cluster too; the set of all teams (another slot) is written apart.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import secrets
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, TypeVar

import redis.asyncio as aioredis
from pydantic import BaseModel

from bot import keys
from bot.errors import CheckError
from bot.flagged import FlaggedUnit, stable_claim_id
from bot.models import Analysis
from bot.records import (
    Actor,
    CheckRecord,
    ClaimStatus,
    FlaggedClaim,
    FlaggedItem,
    Place,
    Record,
    Sighting,
    Team,
    TeamSettings,
    ThreadRef,
    VerdictEntry,
)
from bot.redis_conn import release_lock

M = TypeVar("M", bound=BaseModel)

log = logging.getLogger(__name__)

MAX_SIGHTINGS = 50


@dataclass(frozen=True)
class VerdictRef:
    """One verdict in the time index: its claim, its place in the claim's history, and
    its status (None for verdicts indexed before statuses were part of the member)."""

    claim_id: str
    index: int
    status: ClaimStatus | None

    @classmethod
    def parse(cls, member: str) -> VerdictRef:
        claim_id, index, *status = member.split(":")
        return cls(claim_id, int(index), ClaimStatus(status[0]) if status else None)

    @property
    def member(self) -> str:
        status = f":{self.status.value}" if self.status is not None else ""
        return f"{self.claim_id}:{self.index}{status}"


@dataclass(frozen=True)
class DeskWindow:
    """What the team's indexes hold for a window [start, end), read at one instant.

    Totals are counted by Redis; id lists are capped, except checks and verdicts, which
    are every one in the window (the digest counts checkers, articles and statuses).
    """

    check_ids: list[str]  # oldest first
    flagged_total: int
    flagged_ids: list[str]  # first seen in the window, the oldest `cap`
    verdicts: list[VerdictRef]  # given in the window, oldest first
    open_total: int
    open_ids: list[str]  # open now, whenever first seen: the oldest `cap`
    repeated_total: int
    repeated_ids: list[str]  # in more than one article, last seen in the window: newest first


class DigestProblem(Record):
    """Why the team's daily digest of `day` could not be posted in `channel`: `reason` is
    a sentence we wrote, shown with the settings, never the platform's own words."""

    day: date  # the team's local date the digest was for
    at: datetime  # when the post was refused
    channel: str
    reason: str


class UnknownClaimError(CheckError):
    def __init__(self) -> None:
        super().__init__("That claim is not on this team's desk (was it checked here?).")


class Desk:
    def __init__(self, client: aioredis.Redis) -> None:
        self._client = client

    # ------------------------------------------------------------------ checks

    async def record_check(
        self, team: Team, check: CheckRecord, analysis: Analysis, units: list[FlaggedUnit],
        identity: str,
    ) -> list[FlaggedItem]:
        """Store the check, the team's copy of the analysis, and upsert its flagged claims."""
        items = [
            FlaggedItem(item_id=unit.item_id, claim=await self._upsert_claim(team, check, unit,
                                                                              identity))
            for unit in units
        ]
        check = check.model_copy(update={"claim_ids": [item.claim.id for item in items]})
        async with self._client.pipeline(transaction=True) as pipe:
            pipe.set(keys.check(team, check.id), check.model_dump_json())
            pipe.zadd(keys.checks_by_time(team), {check.id: check.at.timestamp()})
            pipe.set(keys.team_analysis(team, check.analysis_key), analysis.model_dump_json())
            await pipe.execute()
        await self._client.sadd(keys.TEAMS, team.key)  # another slot: not in the transaction
        return items

    async def check(self, team: Team, check_id: str) -> CheckRecord | None:
        return await self._get(keys.check(team, check_id), CheckRecord)

    async def set_result_message(self, team: Team, check_id: str, place: Place) -> None:
        def mutate(record: CheckRecord | None) -> CheckRecord:
            if record is None:
                raise CheckError("That check is not on this team's desk.")
            return record.model_copy(update={"result_message": place})

        await self._update(keys.check(team, check_id), CheckRecord, mutate)

    async def analysis(self, team: Team, analysis_key: str) -> Analysis | None:
        return await self._get(keys.team_analysis(team, analysis_key), Analysis)

    async def checks(self, team: Team, check_ids: list[str]) -> list[CheckRecord]:
        return await self._get_many([keys.check(team, i) for i in check_ids], CheckRecord)

    # ------------------------------------------------------------------ claims

    async def claim(self, team: Team, claim_id: str) -> FlaggedClaim | None:
        return await self._get(keys.claim(team, claim_id), FlaggedClaim)

    async def claims(self, team: Team, claim_ids: list[str]) -> list[FlaggedClaim]:
        return await self._get_many([keys.claim(team, i) for i in claim_ids], FlaggedClaim)

    async def claim_ids(self, team: Team, start: datetime | None = None,
                        end: datetime | None = None) -> list[str]:
        """Flagged claims by first sighting, oldest first, within [start, end)."""
        low: float | str = start.timestamp() if start else "-inf"
        high: float | str = f"({end.timestamp()}" if end else "+inf"
        return _texts(await self._client.zrangebyscore(keys.claims_by_first_seen(team), low, high))

    async def window(self, team: Team, start: datetime, end: datetime, cap: int
                     ) -> DeskWindow:
        """The window [start, end) as the indexes hold it, in one atomic round trip."""
        low, high = start.timestamp(), f"({end.timestamp()}"
        async with self._client.pipeline(transaction=True) as pipe:
            pipe.zrangebyscore(keys.checks_by_time(team), low, high)
            pipe.zcount(keys.claims_by_first_seen(team), low, high)
            pipe.zrangebyscore(keys.claims_by_first_seen(team), low, high, start=0, num=cap)
            pipe.zrangebyscore(keys.verdicts_by_time(team), low, high)
            pipe.zcard(keys.open_claims(team))
            pipe.zrange(keys.open_claims(team), 0, cap - 1)
            pipe.zcount(keys.repeated_claims(team), low, high)
            pipe.zrevrangebyscore(keys.repeated_claims(team), high, low, start=0, num=cap)
            (checks, flagged_total, flagged, verdicts, open_total, open_ids, repeated_total,
             repeated) = await pipe.execute()
        return DeskWindow(
            check_ids=_texts(checks),
            flagged_total=int(flagged_total),
            flagged_ids=_texts(flagged),
            verdicts=[VerdictRef.parse(member) for member in _texts(verdicts)],
            open_total=int(open_total),
            open_ids=_texts(open_ids),
            repeated_total=int(repeated_total),
            repeated_ids=_texts(repeated),
        )

    async def set_verdict(
        self, team: Team, claim_id: str, status: ClaimStatus, who: Actor, note: str | None,
        at: datetime | None = None,
    ) -> FlaggedClaim:
        entry = VerdictEntry(status=status, by=who, at=at or datetime.now(UTC), note=note)

        def mutate(record: FlaggedClaim | None) -> FlaggedClaim:
            if record is None:
                raise UnknownClaimError()
            return record.model_copy(
                update={"status": status, "history": [*record.history, entry]}
            )

        def also(pipe: Any, record: FlaggedClaim) -> None:
            ref = VerdictRef(claim_id, len(record.history) - 1, status)
            pipe.zadd(keys.verdicts_by_time(team), {ref.member: entry.at.timestamp()})
            if status is ClaimStatus.OPEN:
                pipe.zadd(keys.open_claims(team), {claim_id: record.first_seen.timestamp()})
            else:
                pipe.zrem(keys.open_claims(team), claim_id)

        return await self._update(keys.claim(team, claim_id), FlaggedClaim, mutate, also)

    async def open_thread(
        self, team: Team, claim_id: str,
        create: Callable[[FlaggedClaim], Awaitable[ThreadRef]],
    ) -> tuple[ThreadRef, bool]:
        """The claim's thread, made by `create` only if it has none. True if made now."""
        lock = keys.claim_lock(team, claim_id)
        for _ in range(200):
            record = await self.claim(team, claim_id)
            if record is None:
                raise UnknownClaimError()
            if record.thread is not None:
                return record.thread, False
            token = secrets.token_hex(8)
            if await self._client.set(lock, token, nx=True, ex=30):
                try:
                    record = await self.claim(team, claim_id)
                    if record is not None and record.thread is not None:
                        return record.thread, False
                    assert record is not None
                    thread = await create(record)
                    await self._update(
                        keys.claim(team, claim_id), FlaggedClaim,
                        functools.partial(_with_thread, thread=thread),
                    )
                    return thread, True
                finally:
                    await release_lock(self._client, lock, token)
            await asyncio.sleep(0.05)
        raise CheckError("Someone else is opening this claim's thread; try again in a moment.")

    # ---------------------------------------------------------------- settings

    async def settings(self, team: Team) -> TeamSettings:
        return await self._get(keys.team_settings(team), TeamSettings) or TeamSettings()

    async def save_settings(self, team: Team, settings: TeamSettings) -> None:
        """Save them; a digest problem recorded for the old settings is forgotten."""
        async with self._client.pipeline(transaction=True) as pipe:
            pipe.set(keys.team_settings(team), settings.model_dump_json())
            pipe.delete(keys.digest_problem(team))
            await pipe.execute()
        await self._client.sadd(keys.TEAMS, team.key)  # another slot: not in the transaction

    async def digest_problem(self, team: Team) -> DigestProblem | None:
        return await self._get(keys.digest_problem(team), DigestProblem)

    async def record_digest_problem(self, team: Team, problem: DigestProblem) -> None:
        """Keep the latest problem (it replaces the one before; it does not expire)."""
        await self._client.set(keys.digest_problem(team), problem.model_dump_json())

    async def clear_digest_problem(self, team: Team) -> None:
        await self._client.delete(keys.digest_problem(team))

    async def teams(self) -> list[Team]:
        """Every team with settings, by key; a member that is not a team key is skipped
        (with a warning), so it cannot keep the others from their digests."""
        found: list[Team] = []
        for item in await self._client.smembers(keys.TEAMS):
            try:
                found.append(Team.parse(_text(item)))
            except ValueError:
                log.warning("skipping %r in the set of teams: not a team key", _text(item)[:80])
        return sorted(found, key=lambda team: team.key)

    # ----------------------------------------------------------------- helpers

    async def _upsert_claim(
        self, team: Team, check: CheckRecord, unit: FlaggedUnit, identity: str
    ) -> FlaggedClaim:
        by_text = keys.claim_by_text(team, unit.text_digest)
        new_id = stable_claim_id(identity, unit.quote)
        await self._client.set(by_text, new_id, nx=True)
        claim_id = _text(await self._client.get(by_text) or new_id)
        sighting = Sighting(
            check_id=check.id, at=check.at, analysis_key=check.analysis_key,
            item_id=unit.item_id, canonical_url=check.canonical_url, title=check.title,
        )

        def mutate(record: FlaggedClaim | None) -> FlaggedClaim:
            if record is None:
                return FlaggedClaim(
                    id=claim_id, statement=unit.statement, quote=unit.quote,
                    claimant=unit.claimant, sourcing=unit.sourcing,
                    flag_kinds=list(unit.flag_kinds), reasons=list(unit.reasons),
                    first_seen=check.at, last_seen=check.at, sightings=[sighting],
                )
            kinds = record.flag_kinds + [k for k in unit.flag_kinds if k not in record.flag_kinds]
            reasons = record.reasons + [r for r in unit.reasons if r not in record.reasons]
            return record.model_copy(update={
                "last_seen": max(record.last_seen, check.at),
                "sightings": [*record.sightings, sighting][-MAX_SIGHTINGS:],
                "flag_kinds": kinds, "reasons": reasons,
            })

        def also(pipe: Any, record: FlaggedClaim) -> None:
            first_seen = record.first_seen.timestamp()
            pipe.zadd(keys.claims_by_first_seen(team), {record.id: first_seen}, nx=True)
            if record.status is ClaimStatus.OPEN:
                pipe.zadd(keys.open_claims(team), {record.id: first_seen}, nx=True)
            if len({s.analysis_key for s in record.sightings}) > 1:
                pipe.zadd(keys.repeated_claims(team), {record.id: record.last_seen.timestamp()})

        return await self._update(keys.claim(team, claim_id), FlaggedClaim, mutate, also)

    async def _get(self, key: str, model: type[M]) -> M | None:
        raw = await self._client.get(key)
        return None if raw is None else model.model_validate_json(raw)

    async def _get_many(self, key_list: list[str], model: type[M]) -> list[M]:
        """The records found under `key_list` (one team's: one slot), in order: MGETs of
        500 keys, sent together (a cluster's pipelines refuse MGET, so not pipelined)."""
        if not key_list:
            return []
        chunks = await asyncio.gather(*(
            self._client.mget(key_list[start : start + 500])
            for start in range(0, len(key_list), 500)
        ))
        return [model.model_validate_json(v) for chunk in chunks for v in chunk if v is not None]

    async def _update(
        self, key: str, model: type[M], mutate: Callable[[M | None], M],
        also: Callable[[Any, M], None] | None = None,
    ) -> M:
        """Read-modify-write `key` atomically (retried when another writer got there first)."""
        result: list[M] = []

        async def attempt(pipe: Any) -> None:
            raw = await pipe.get(key)
            record = mutate(None if raw is None else model.model_validate_json(raw))
            pipe.multi()
            pipe.set(key, record.model_dump_json())
            if also is not None:
                also(pipe, record)
            result[:] = [record]

        await self._client.transaction(attempt, key)
        return result[0]


def _with_thread(record: FlaggedClaim | None, thread: ThreadRef) -> FlaggedClaim:
    if record is None:
        raise UnknownClaimError()
    return record.model_copy(update={"thread": thread})


def _text(value: object) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def _texts(values: Iterable[object]) -> list[str]:
    return [_text(value) for value in values]
