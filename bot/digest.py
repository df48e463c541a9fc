"""A team's day (or any window) on the desk, as a `Digest`.

Built from the desk's time indexes, so its cost follows the window and the list caps,
not the size of the team's whole history: counts come from index cardinalities, lists
are capped at `LIST_CAP` items each (renderers shorten further with "… and N more").
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from pydantic import Field

from bot.desk import Desk
from bot.records import (
    Actor,
    CheckRecord,
    ClaimStatus,
    FlaggedClaim,
    Record,
    Team,
    ThreadRef,
)

LIST_CAP = 50


class DigestClaim(Record):
    id: str
    statement: str
    status: ClaimStatus
    reasons: list[str] = Field(default_factory=list)
    first_seen: datetime
    articles: int  # in how many distinct articles it was seen
    thread: ThreadRef | None = None


class DigestVerdict(Record):
    claim: DigestClaim
    status: ClaimStatus
    by: Actor
    at: datetime
    note: str | None = None


class DigestArticle(Record):
    title: str | None = None
    url: str | None = None
    checks: int = 1


class Digest(Record):
    team: str
    start: datetime
    end: datetime
    checks: int = 0
    checkers: dict[str, int] = Field(default_factory=dict)  # who checked: label -> count
    articles: list[DigestArticle] = Field(default_factory=list)
    flagged_total: int = 0
    flagged: list[DigestClaim] = Field(default_factory=list)
    verdicts_total: int = 0
    verdicts_by_status: dict[str, int] = Field(default_factory=dict)
    verdicts: list[DigestVerdict] = Field(default_factory=list)
    open_total: int = 0
    open_claims: list[DigestClaim] = Field(default_factory=list)  # oldest first
    repeated_total: int = 0
    repeated: list[DigestClaim] = Field(default_factory=list)
    tokens_in: int = 0
    tokens_out: int = 0
    cost_usd: float = 0.0

    @property
    def empty(self) -> bool:
        """Nothing happened in the window (open claims from before do not count)."""
        return not (self.checks or self.flagged_total or self.verdicts_total)


async def build_digest(desk: Desk, team: Team, start: datetime, end: datetime) -> Digest:
    """The digest of `team`'s desk for the window [start, end)."""
    check_ids = await desk.check_ids(team, start, end)
    checks = await desk.checks(team, check_ids)
    flagged_ids = await desk.claim_ids(team, start, end)
    verdict_refs = await desk.verdict_refs(team, start, end)
    open_total, open_ids = await desk.open_claim_page(team, LIST_CAP)
    repeated_ids = await desk.repeated_claim_ids(team, start, end)

    verdict_claim_ids = [ref.rsplit(":", 1)[0] for ref in verdict_refs[-LIST_CAP:]]
    wanted = dict.fromkeys(
        flagged_ids[:LIST_CAP] + open_ids + repeated_ids[-LIST_CAP:] + verdict_claim_ids
    )
    claims = {c.id: c for c in await desk.claims(team, list(wanted))}

    verdicts, by_status = _verdicts(verdict_refs, claims)
    return Digest(
        team=team.key,
        start=start,
        end=end,
        checks=len(checks),
        checkers=dict(Counter(c.who.label for c in checks).most_common()),
        articles=_articles(checks),
        flagged_total=len(flagged_ids),
        flagged=[_entry(claims[i]) for i in flagged_ids[:LIST_CAP] if i in claims],
        verdicts_total=len(verdict_refs),
        verdicts_by_status=by_status,
        verdicts=verdicts,
        open_total=open_total,
        open_claims=[_entry(claims[i]) for i in open_ids if i in claims],
        repeated_total=len(repeated_ids),
        repeated=[_entry(claims[i]) for i in reversed(repeated_ids[-LIST_CAP:]) if i in claims],
        tokens_in=sum(c.tokens_in for c in checks),
        tokens_out=sum(c.tokens_out for c in checks),
        cost_usd=round(sum(c.cost_usd for c in checks), 6),
    )


def _entry(claim: FlaggedClaim) -> DigestClaim:
    return DigestClaim(
        id=claim.id,
        statement=claim.statement,
        status=claim.status,
        reasons=claim.reasons,
        first_seen=claim.first_seen,
        articles=len({s.analysis_key for s in claim.sightings}),
        thread=claim.thread,
    )


def _articles(checks: list[CheckRecord]) -> list[DigestArticle]:
    by_identity: dict[str, DigestArticle] = {}
    for check in checks:
        identity = check.canonical_url or check.analysis_key
        found = by_identity.get(identity)
        if found is None:
            by_identity[identity] = DigestArticle(
                title=check.title or (None if check.canonical_url else check.input[:80]),
                url=check.canonical_url,
            )
        else:
            found.checks += 1
    return list(by_identity.values())[:LIST_CAP]


def _verdicts(
    refs: list[str], claims: dict[str, FlaggedClaim]
) -> tuple[list[DigestVerdict], dict[str, int]]:
    """Every verdict counted by status; the latest `LIST_CAP` listed, newest first."""
    by_status: Counter[str] = Counter()
    listed: list[DigestVerdict] = []
    for position, ref in enumerate(reversed(refs)):
        claim_id, _, index = ref.rpartition(":")
        claim = claims.get(claim_id)
        if claim is None:
            by_status["unknown"] += 1  # beyond the listed cap: its claim was not loaded
            continue
        entry = claim.history[int(index)]
        by_status[entry.status.value] += 1
        if position < LIST_CAP:
            listed.append(DigestVerdict(claim=_entry(claim), status=entry.status, by=entry.by,
                                        at=entry.at, note=entry.note))
    return listed, dict(by_status)
