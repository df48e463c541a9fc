"""The shape the model must answer in: a draft of the analysis with quotes as plain text.

The model cannot count characters, so a draft carries quotes without offsets; grounding
finds them in the article afterwards. Ids are the model's own and are renumbered when
parts are merged. Every field is required (null where the contract allows none) because
strict structured outputs demand it; `schema_fingerprint` is part of the prompt hash, so
changing this file invalidates cached answers just as editing a prompt does.
"""

from __future__ import annotations

import hashlib
import json

from pydantic import BaseModel, Field

from bot.models import DenialKind, FlagKind, SourceType, Sourcing


class AttributionDraft(BaseModel):
    id: str
    source: str | None = Field(description="Verbatim words naming who; null if nobody.")
    cue: str = Field(description="Verbatim attribution verb or phrase.")
    content: str = Field(description="Verbatim words attributed.")
    source_type: SourceType


class ClaimDraft(BaseModel):
    id: str
    statement: str = Field(description="One self-contained sentence.")
    quote: str = Field(description="Verbatim words of the article carrying the claim.")
    claimant: str | None
    attribution: str | None = Field(description="An attribution id, or null.")
    sourcing: Sourcing
    checkworthy: float = Field(description="0 to 1.")


class DenialDraft(BaseModel):
    id: str
    by: str
    role: str | None
    organization: str | None
    official: bool
    kind: DenialKind
    quote: str = Field(description="Verbatim words of the article.")
    venue: str | None
    firsthand: bool = Field(description="False when the denial is itself only reported.")
    answers: list[str] = Field(description="Ids of the claims this answers.")
    attribution: str | None


class FlagDraft(BaseModel):
    id: str
    kind: FlagKind
    quote: str = Field(description="Verbatim words of the article.")
    claim: str | None = Field(description="A claim id, or null.")
    attribution: str | None
    why: str = Field(description="One line a fact-checker can act on.")


class AnalysisDraft(BaseModel):
    """The model's answer for one article or one part of it."""

    summary: str
    attributions: list[AttributionDraft]
    claims: list[ClaimDraft]
    denials: list[DenialDraft]
    flags: list[FlagDraft]


def schema_fingerprint() -> str:
    """sha256 of the draft's JSON schema, in a stable serialisation."""
    schema = AnalysisDraft.model_json_schema()
    return hashlib.sha256(json.dumps(schema, sort_keys=True).encode("utf-8")).hexdigest()
