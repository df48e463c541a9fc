"""The team's lasting records on the desk: checks, flagged claims, verdicts, threads.

These are what a team keeps; unlike cached analyses they never expire. Every record
belongs to one `Team`, and every desk call takes the team.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from bot.models import Analysis, FlagKind, SourceKind, Sourcing


class Record(BaseModel):
    model_config = ConfigDict(extra="ignore")


class Team(Record):
    """A workspace or guild on one platform, e.g. slack:T0123 or discord:81234."""

    model_config = ConfigDict(frozen=True)

    platform: str
    id: str

    @property
    def key(self) -> str:
        return f"{self.platform}:{self.id}"

    @classmethod
    def parse(cls, key: str) -> Team:
        platform, sep, team_id = key.partition(":")
        if not sep or not platform or not team_id:
            raise ValueError(f"a team is written platform:id, e.g. slack:T0123 (got {key!r})")
        return cls(platform=platform, id=team_id)


class Actor(Record):
    """A person on a platform (or the command line)."""

    id: str
    name: str | None = None

    @property
    def label(self) -> str:
        return self.name or self.id


class Place(Record):
    """Where something was said or posted: a channel and, once known, a message."""

    channel: str
    message: str | None = None
    url: str | None = None


class ClaimStatus(StrEnum):
    OPEN = "open"
    VERIFIED = "verified"
    FALSE = "false"
    MISLEADING = "misleading"
    UNVERIFIABLE = "unverifiable"
    NEEDS_CONTEXT = "needs_context"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


class VerdictEntry(Record):
    status: ClaimStatus
    by: Actor
    at: datetime
    note: str | None = None


class ThreadRef(Record):
    """The platform thread where a team discusses one claim."""

    platform: str
    channel: str
    thread: str  # where replies go (Slack: the analysis message's thread)
    url: str | None = None
    card: str | None = None  # the claim's card, when it is not the thread itself


class Sighting(Record):
    """One check in which a flagged claim was seen."""

    check_id: str
    at: datetime
    analysis_key: str
    item_id: str  # the claim or flag id inside that analysis
    canonical_url: str | None = None
    title: str | None = None


class FlaggedClaim(Record):
    """A claim the team should look at, with its verdict history. Ids are stable."""

    id: str
    statement: str
    quote: str
    claimant: str | None = None
    sourcing: Sourcing | None = None
    flag_kinds: list[FlagKind] = Field(default_factory=list)
    reasons: list[str] = Field(default_factory=list)
    status: ClaimStatus = ClaimStatus.OPEN
    history: list[VerdictEntry] = Field(default_factory=list)
    first_seen: datetime
    last_seen: datetime
    sightings: list[Sighting] = Field(default_factory=list)
    thread: ThreadRef | None = None


class CheckRecord(Record):
    """One request to check an article: who asked, when, where, and what came of it."""

    id: str
    team: str
    at: datetime
    who: Actor
    where: Place
    input: str  # as given, shortened for pasted text
    kind: SourceKind
    canonical_url: str | None = None
    title: str | None = None
    site: str | None = None
    analysis_key: str
    analyzer: str
    model: str
    cached: bool
    tokens_in: int = 0
    tokens_out: int = 0
    cost_usd: float = 0.0
    claim_ids: list[str] = Field(default_factory=list)  # flagged claims' stable ids
    result_message: Place | None = None  # where the rendered analysis was posted


class FlaggedItem(Record):
    """A flagged claim as it appears in one analysis: the analysis item and its record."""

    item_id: str
    claim: FlaggedClaim


class CheckResult(Record):
    """What `service.check` answers: the analysis, and the desk's view of it."""

    analysis: Analysis
    check: CheckRecord | None = None  # None when the desk could not be written
    flagged: list[FlaggedItem] = Field(default_factory=list)
    saved: bool = True  # False: Redis was unreachable; nothing was recorded
    notice: str | None = None  # something the user should know (e.g. "not saved")


class TeamSettings(Record):
    digest_channel: str | None = None  # None: digests are off
    digest_hour: int = Field(9, ge=0, le=23)
    timezone: str = "UTC"
    # who may set verdicts: a Slack user group id or a Discord role id; None: anyone
    verdict_group: str | None = None
