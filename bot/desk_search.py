"""Search the team's desk: its flagged claims and checked articles, by lemma, newest first.

The index lives in the team's own Redis keys (`bot.keys.search_*`, under the team's hash
tag), kept by the desk's own writes: `Desk.record_check` and `Desk.set_verdict` call
`index_claim` and `index_check` inside the transactions that store the records, so a
record and its index entries are written together. For each term (`bot.lemmas.terms`)
a sorted set holds the members whose text has it (`c:<claim id>`, `k:<check id>`),
scored by their latest activity (last sighting or verdict; a check's time); one set per
verdict status holds the claims that have it now; a hash keeps each claim statement's
terms, for claim matching (`bot.claim_matching`).

A query's terms must all be there. A Lua script walks the smallest of their sets from
the newest member down (only within the time window), keeps the members found in every
other set (and in the status set, if asked), and stops at the page size: one round trip,
whose cost grows with the matches skipped, not with the size of the desk.

Records written before the index existed are added the first time the team searches
(`ensure_indexed`, which then marks the team's index as ready).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from bot import keys
from bot.errors import InputError
from bot.lemmas import terms
from bot.records import (
    CheckRecord,
    ClaimStatus,
    FlaggedClaim,
    Place,
    Team,
    ThreadRef,
    VerdictEntry,
)
from bot.stored import stored

if TYPE_CHECKING:
    from bot.desk import Desk
    from bot.service import Service

INDEX_VERSION = "1"
DEFAULT_LIMIT = 10
MAX_LIMIT = 100
BACKFILL_BATCH = 500
MAX_TERMS = 8
STATUS_WORDS = {status.value: status for status in ClaimStatus} | {
    "needs-context": ClaimStatus.NEEDS_CONTEXT, "context": ClaimStatus.NEEDS_CONTEXT,
    "true": ClaimStatus.VERIFIED,
}
NO_WORDS = ("Give some words to search for (words such as \"the\" or \"was\" are too "
            "common to search on).")
_SINCE = re.compile(r"^(\d{1,4})([hdw])$")

#: KEYS: the terms' sets, then the status set if ARGV[5] is "1". ARGV: number of term
#: sets, max score, min score, how many to find. Returns member, score, member, score…
_FIND = """
local n = tonumber(ARGV[1])
local high, low, want = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local status = nil
if ARGV[5] == '1' then status = KEYS[n + 1] end
local smallest, size = 1, -1
for i = 1, n do
  local count = redis.call('zcard', KEYS[i])
  if count == 0 then return {} end
  if size < 0 or count < size then smallest, size = i, count end
end
local key = KEYS[smallest]
local rank = redis.call('zcount', key, '(' .. ARGV[2], '+inf')
local found = {}
local chunk = 256
while #found < want * 2 do
  local page = redis.call('zrevrange', key, rank, rank + chunk - 1, 'WITHSCORES')
  if #page == 0 then break end
  for j = 1, #page, 2 do
    local member, score = page[j], tonumber(page[j + 1])
    if score < low then return found end
    local keep = true
    for i = 1, n do
      if i ~= smallest and not redis.call('zscore', KEYS[i], member) then
        keep = false
        break
      end
    end
    if keep and status and redis.call('sismember', status, member) == 0 then keep = false end
    if keep then
      found[#found + 1] = member
      found[#found + 1] = page[j + 1]
      if #found >= want * 2 then return found end
    end
  end
  rank = rank + chunk
end
return found
"""


class HitKind(StrEnum):
    CLAIM = "claim"
    CHECK = "check"


@dataclass(frozen=True)
class SearchQuery:
    text: str
    status: ClaimStatus | None = None
    since: datetime | None = None
    until: datetime | None = None
    limit: int = DEFAULT_LIMIT

    @property
    def terms(self) -> list[str]:
        return terms(self.text)[:MAX_TERMS]

    @classmethod
    def parse(cls, text: str, now: datetime | None = None, limit: int = DEFAULT_LIMIT
              ) -> SearchQuery:
        """A query typed in chat: words, with `status:false` and `since:7d` among them."""
        status: ClaimStatus | None = None
        since: datetime | None = None
        rest: list[str] = []
        for word in text.split():
            name, sep, value = word.partition(":")
            if sep and name.lower() == "status":
                status = parse_status(value)
            elif sep and name.lower() == "since":
                since = parse_since(value, now)
            else:
                rest.append(word)
        return cls(" ".join(rest), status, since, limit=limit)


def parse_status(value: str) -> ClaimStatus:
    found = STATUS_WORDS.get(value.strip().lower())
    if found is None:
        names = ", ".join(status.value for status in ClaimStatus)
        raise InputError(f"Unknown status {value.strip()[:40]!r}: use one of {names}.")
    return found


def parse_since(value: str, now: datetime | None = None) -> datetime:
    """`24h`, `7d`, `2w`, or a date such as 2026-11-30 (UTC midnight)."""
    value = value.strip().lower()
    now = now or datetime.now(UTC)
    match = _SINCE.match(value)
    if match:
        amount, unit = int(match.group(1)), match.group(2)
        hours = {"h": 1, "d": 24, "w": 24 * 7}[unit] * amount
        return now - timedelta(hours=hours)
    try:
        day = datetime.fromisoformat(value)
    except ValueError:
        raise InputError(f"Unknown time {value[:40]!r}: use a number of hours, days or weeks "
                         "(24h, 7d, 2w) or a date such as 2026-11-30.") from None
    return day if day.tzinfo else day.replace(tzinfo=UTC)


@dataclass(frozen=True)
class SearchHit:
    """One claim or checked article found: what it says, its verdict, thread and article."""

    kind: HitKind
    id: str
    at: datetime  # its latest activity: what the hits are ordered by
    text: str  # the claim's statement, or the article's title (or what was pasted)
    status: ClaimStatus | None = None  # claims only
    verdict: VerdictEntry | None = None  # the latest verdict, if any
    claimant: str | None = None
    thread: ThreadRef | None = None
    article_url: str | None = None
    article_title: str | None = None
    posted: Place | None = None  # checks: where the analysis was posted
    claims: int = 0  # checks: how many flagged claims it had


@dataclass(frozen=True)
class SearchResult:
    query: SearchQuery
    hits: list[SearchHit] = field(default_factory=list)
    more: bool = False  # more matches than shown


# ------------------------------------------------------------------ the index


def claim_terms(claim: FlaggedClaim) -> list[str]:
    found = dict.fromkeys(terms(claim.statement))
    found.update(dict.fromkeys(terms(claim.quote)))
    if claim.claimant:
        found.update(dict.fromkeys(terms(claim.claimant)))
    return list(found)


def check_terms(check: CheckRecord) -> list[str]:
    parts = [check.title or "", check.site or ""]
    if check.canonical_url:
        parts.append(re.sub(r"[/_.-]+", " ", check.canonical_url.split("://", 1)[-1]))
    if not check.input.startswith(("http://", "https://")):
        parts.append(check.input)
    return list(dict.fromkeys(t for part in parts for t in terms(part)))


def activity(claim: FlaggedClaim) -> float:
    """When the claim last moved: its last sighting or its latest verdict."""
    latest = claim.history[-1].at if claim.history else claim.last_seen
    return max(claim.last_seen, latest).timestamp()


def index_claim(pipe: Any, team: Team, claim: FlaggedClaim) -> None:
    """Add the claim's index entries to `pipe` (the transaction storing the claim)."""
    member = f"c:{claim.id}"
    found = claim_terms(claim)
    score = activity(claim)
    for term in found:
        pipe.zadd(keys.search_term(team, term), {member: score}, gt=True)
    for status in ClaimStatus:
        if status is claim.status:
            pipe.sadd(keys.search_status(team, status.value), member)
        else:
            pipe.srem(keys.search_status(team, status.value), member)
    # what claim matching compares (`bot.claim_matching`): the statement's terms
    pipe.hset(keys.search_docs(team), member, " ".join(terms(claim.statement or claim.quote)))


def index_check(pipe: Any, team: Team, check: CheckRecord) -> None:
    member = f"k:{check.id}"
    found = check_terms(check)
    for term in found:
        pipe.zadd(keys.search_term(team, term), {member: check.at.timestamp()}, gt=True)


async def rebuild_index(desk: Desk, team: Team) -> int:
    """Index every record of the team again (entries are only ever added or updated)."""
    await desk.client.delete(keys.search_ready(team))
    return await ensure_indexed(desk, team)


async def ensure_indexed(desk: Desk, team: Team) -> int:
    """Index the team's records written before the index existed, once; how many."""
    client = desk.client
    if await client.get(keys.search_ready(team)) == INDEX_VERSION.encode():
        return 0
    claim_ids = await desk.claim_ids(team)
    check_ids = [_text(v) for v in await client.zrange(keys.checks_by_time(team), 0, -1)]
    done = 0
    for start in range(0, max(len(claim_ids), len(check_ids)), BACKFILL_BATCH):
        claims = await desk.claims(team, claim_ids[start : start + BACKFILL_BATCH])
        checks = await desk.checks(team, check_ids[start : start + BACKFILL_BATCH])
        async with client.pipeline(transaction=False) as pipe:
            for claim in claims:
                index_claim(pipe, team, claim)
            for check in checks:
                index_check(pipe, team, check)
            await pipe.execute()
        done += len(claims) + len(checks)
    await client.set(keys.search_ready(team), INDEX_VERSION)
    return done


# ------------------------------------------------------------------ searching


async def find(desk: Desk, team: Team, query: SearchQuery, now: datetime | None = None
               ) -> SearchResult:
    """The team's claims and checks with every term of the query, newest first."""
    found_terms = query.terms
    if not found_terms:
        raise InputError(NO_WORDS)
    await ensure_indexed(desk, team)
    limit = max(1, min(query.limit, MAX_LIMIT))
    key_list = [keys.search_term(team, term) for term in found_terms]
    if query.status is not None:
        key_list.append(keys.search_status(team, query.status.value))
    high = (query.until or now or datetime.now(UTC)).timestamp()
    low = query.since.timestamp() if query.since else 0.0
    raw = await desk.client.eval(
        _FIND, len(key_list), *key_list, len(found_terms), repr(high), repr(low),
        limit + 1, "1" if query.status is not None else "0",
    )
    members = [_text(raw[i]) for i in range(0, len(raw), 2)]
    hits = await _hits(desk, team, members[:limit])
    return SearchResult(query, hits, more=len(members) > limit)


async def _hits(desk: Desk, team: Team, members: list[str]) -> list[SearchHit]:
    claim_ids = [m[2:] for m in members if m.startswith("c:")]
    check_ids = [m[2:] for m in members if m.startswith("k:")]
    claims = {c.id: c for c in await desk.claims(team, claim_ids)}
    checks = {c.id: c for c in await desk.checks(team, check_ids)}
    hits: list[SearchHit] = []
    for member in members:
        kind, ident = member[:1], member[2:]
        if kind == "c" and ident in claims:
            hits.append(claim_hit(claims[ident]))
        elif kind == "k" and ident in checks:
            hits.append(check_hit(checks[ident]))
    return hits


def claim_hit(claim: FlaggedClaim) -> SearchHit:
    latest = claim.sightings[-1] if claim.sightings else None
    return SearchHit(
        kind=HitKind.CLAIM, id=claim.id, at=datetime.fromtimestamp(activity(claim), UTC),
        text=claim.statement, status=claim.status,
        verdict=claim.history[-1] if claim.history else None, claimant=claim.claimant,
        thread=claim.thread, article_url=latest.canonical_url if latest else None,
        article_title=latest.title if latest else None,
    )


def check_hit(check: CheckRecord) -> SearchHit:
    return SearchHit(
        kind=HitKind.CHECK, id=check.id, at=check.at,
        text=check.title or check.input, article_url=check.canonical_url,
        article_title=check.title, posted=check.result_message, claims=len(check.claim_ids),
    )


async def search(service: Service, team: Team, query: SearchQuery) -> SearchResult:
    """The core operation the chat commands and the CLI call (storage faults explained)."""
    return await stored(find(service.desk, team, query))


def _text(value: object) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)
