"""A team's day (or any window) on the desk, as a `Digest`.

Built from the desk's time indexes, so its cost follows the window and the list caps,
not the size of the team's whole history: counts come from index cardinalities, lists
are capped at `LIST_CAP` items each (renderers shorten further with "… and N more").
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from itertools import islice

from pydantic import Field

from bot.desk import Desk, VerdictRef
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
PASTED_TITLE = 80  # a pasted article is named by its first characters


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
    articles_total: int = 0  # distinct articles checked (`articles` lists LIST_CAP at most)
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
    def articles_checked(self) -> int:
        """Every distinct article checked in the window (`articles` lists only the first)."""
        return max(self.articles_total, len(self.articles))

    @property
    def empty(self) -> bool:
        """Nothing happened in the window (open claims from before do not count)."""
        return not (self.checks or self.flagged_total or self.verdicts_total)


async def build_digest(desk: Desk, team: Team, start: datetime, end: datetime) -> Digest:
    """The digest of `team`'s desk for the window [start, end).

    Three round trips whatever the window: the indexes (one snapshot), the window's
    checks, and the listed claims (plus any verdict's claim whose status the index
    does not carry).
    """
    window = await desk.window(team, start, end, LIST_CAP)
    checks = await desk.checks(team, window.check_ids)
    listed_verdicts = window.verdicts[::-1][:LIST_CAP]
    wanted = dict.fromkeys(
        window.flagged_ids + window.open_ids + window.repeated_ids
        + [ref.claim_id for ref in listed_verdicts]
        + [ref.claim_id for ref in window.verdicts if ref.status is None]
    )
    claims = {c.id: c for c in await desk.claims(team, list(wanted))}
    articles_total, articles = _articles(checks)

    return Digest(
        team=team.key,
        start=start,
        end=end,
        checks=len(checks),
        checkers=dict(Counter(c.who.label for c in checks).most_common()),
        articles_total=articles_total,
        articles=articles,
        flagged_total=window.flagged_total,
        flagged=_entries(window.flagged_ids, claims),
        verdicts_total=len(window.verdicts),
        verdicts_by_status=_by_status(window.verdicts, claims),
        verdicts=_listed_verdicts(listed_verdicts, claims),
        open_total=window.open_total,
        open_claims=_entries(window.open_ids, claims),
        repeated_total=window.repeated_total,
        repeated=_entries(window.repeated_ids, claims),
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


def _entries(ids: list[str], claims: dict[str, FlaggedClaim]) -> list[DigestClaim]:
    return [_entry(claims[i]) for i in ids if i in claims]


def _articles(checks: list[CheckRecord]) -> tuple[int, list[DigestArticle]]:
    """How many articles were checked, and the first `LIST_CAP` with their checks."""
    first: dict[str, CheckRecord] = {}
    counts: Counter[str] = Counter()
    for check in checks:
        identity = check.canonical_url or check.analysis_key
        first.setdefault(identity, check)
        counts[identity] += 1
    listed = [
        DigestArticle(
            title=check.title or (None if check.canonical_url else check.input[:PASTED_TITLE]),
            url=check.canonical_url,
            checks=counts[identity],
        )
        for identity, check in islice(first.items(), LIST_CAP)
    ]
    return len(first), listed


def _by_status(refs: list[VerdictRef], claims: dict[str, FlaggedClaim]) -> dict[str, int]:
    """Every verdict counted by its status, newest first (from the index when it has it)."""
    by_status: Counter[str] = Counter()
    for ref in reversed(refs):
        status = ref.status if ref.status is not None else _status_in_history(ref, claims)
        by_status[status.value if status is not None else "unknown"] += 1
    return dict(by_status)


def _status_in_history(ref: VerdictRef, claims: dict[str, FlaggedClaim]) -> ClaimStatus | None:
    claim = claims.get(ref.claim_id)
    return claim.history[ref.index].status if claim is not None else None


def _listed_verdicts(refs: list[VerdictRef], claims: dict[str, FlaggedClaim]
                     ) -> list[DigestVerdict]:
    """The verdicts `refs` point at, in their order, from the loaded claims' histories."""
    listed: list[DigestVerdict] = []
    for ref in refs:
        claim = claims.get(ref.claim_id)
        if claim is None:
            continue
        entry = claim.history[ref.index]
        listed.append(DigestVerdict(claim=_entry(claim), status=entry.status, by=entry.by,
                                    at=entry.at, note=entry.note))
    return listed
