"""The data: articles, analyses and the team's records.

The JSON these models make is the public contract between analyzers, the cache, the
desk and the handlers (see docs/analysis.md). Offsets are character offsets into
`Article.text`, end exclusive.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --------------------------------------------------------------------------- article


class SourceKind(StrEnum):
    LINK = "link"
    TEXT = "text"


class Article(Model):
    """An article ready for analysis: its main text and what we know about it."""

    text: str
    kind: SourceKind
    url: str | None = None  # as given by the user
    canonical_url: str | None = None
    final_url: str | None = None  # after redirects
    title: str | None = None
    author: str | None = None
    date: str | None = None  # ISO date as found (YYYY-MM-DD), not parsed further
    site: str | None = None
    content_hash: str  # sha256 of the normalised text

    def meta(self) -> ArticleMeta:
        return ArticleMeta(
            kind=self.kind,
            url=self.url,
            canonical_url=self.canonical_url,
            title=self.title,
            author=self.author,
            date=self.date,
            site=self.site,
            content_hash=self.content_hash,
            length=len(self.text),
        )


class ArticleMeta(Model):
    """The article without its text, as carried in an analysis."""

    kind: SourceKind
    url: str | None = None
    canonical_url: str | None = None
    title: str | None = None
    author: str | None = None
    date: str | None = None
    site: str | None = None
    content_hash: str
    length: int


# -------------------------------------------------------------------------- analysis


class Span(Model):
    """A verbatim piece of the article. `start`/`end` are -1 until grounding locates it."""

    text: str
    start: int = -1
    end: int = -1


class SourceType(StrEnum):
    NAMED = "named"  # a named person
    ANONYMOUS = "anonymous"  # "an official", "sources familiar with"
    OUTLET = "outlet"  # another news organisation or its report
    DOCUMENT = "document"  # a report, memo, filing, study
    ORGANIZATION = "organization"  # a government, ministry, company, party as a body
    VAGUE = "vague"  # a loose collective: "critics say", "some Democrats"
    PRONOUN = "pronoun"  # "he said": resolved only by reading back
    AUTHOR = "author"  # the article's own voice
    UNKNOWN = "unknown"


class Attribution(Model):
    """Who is cited as saying or thinking what: the layer scored against PolNeAR."""

    id: str
    source: Span | None = None
    cue: Span
    content: Span
    source_type: SourceType = SourceType.UNKNOWN


class Sourcing(StrEnum):
    NAMED = "named"
    ANONYMOUS = "anonymous"
    DOCUMENT = "document"
    OUTLET_REPORT = "outlet_report"
    VAGUE = "vague"
    HEDGED = "hedged"
    UNATTRIBUTED = "unattributed"
    AUTHOR = "author"


class Claim(Model):
    id: str
    statement: str  # one self-contained sentence
    quote: Span
    claimant: str | None = None  # as the article names them
    attribution: str | None = None  # Attribution.id
    sourcing: Sourcing = Sourcing.UNATTRIBUTED
    checkworthy: float = Field(0.5, ge=0.0, le=1.0)


class DenialKind(StrEnum):
    DENIAL = "denial"
    NO_COMMENT = "no_comment"
    DECLINED = "declined"
    NON_DENIAL = "non_denial"


class Denial(Model):
    id: str
    by: str
    role: str | None = None
    organization: str | None = None
    official: bool = False
    kind: DenialKind = DenialKind.DENIAL
    quote: Span
    venue: str | None = None  # "told France 24"
    firsthand: bool = True  # False when the denial is itself only reported
    answers: list[str] = Field(default_factory=list)  # Claim ids
    attribution: str | None = None


class FlagKind(StrEnum):
    ANONYMOUS_SOURCE = "anonymous_source"
    HEDGED = "hedged"
    SECONDARY_REPORT = "secondary_report"
    UNNAMED_DOCUMENT = "unnamed_document"
    VAGUE_SOURCE = "vague_source"
    UNKNOWN_ADMITTED = "unknown_admitted"
    PARTY_ACCUSATION = "party_accusation"
    REPORTED_DENIAL = "reported_denial"


class Flag(Model):
    id: str
    kind: FlagKind
    quote: Span
    claim: str | None = None  # Claim.id
    attribution: str | None = None
    why: str  # one line a fact-checker can act on


class CacheState(StrEnum):
    HIT = "hit"  # served from the cache
    STORED = "stored"  # analyzed now and stored
    REFRESHED = "refreshed"  # analyzed now on request, replacing the entry
    UNAVAILABLE = "unavailable"  # analyzed now; the cache could not be reached
    OFF = "off"  # no cache in use


class Engine(Model):
    analyzer: str
    model: str
    prompt_hash: str
    tokens_in: int = 0
    tokens_out: int = 0
    cost_usd: float = 0.0
    elapsed_ms: float = 0.0
    dropped: int = 0  # items whose quote grounding could not find in the article
    cached: bool = False
    cache: CacheState = CacheState.OFF
    analyzed_at: datetime | None = None


class Analysis(Model):
    article: ArticleMeta
    summary: str
    attributions: list[Attribution] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    denials: list[Denial] = Field(default_factory=list)
    flags: list[Flag] = Field(default_factory=list)
    engine: Engine

    def claim(self, claim_id: str) -> Claim | None:
        return next((c for c in self.claims if c.id == claim_id), None)

    def ranked_claims(self) -> list[Claim]:
        """The claims as they are listed to a reader: most check-worthy first, ties in text
        order (`claims` itself stays in text order)."""
        return sorted(self.claims, key=lambda c: -c.checkworthy)
