"""Which items of an analysis the team should look at, and their stable ids.

Flags that point at the same claim make one flagged claim; a flag on no claim stands
for itself, with its own quote. A flagged claim's id comes from the article's identity
(canonical URL or text hash) and the claim's normalised text, so re-checking the same
article gives the same id; the desk also finds the same normalised claim when it turns
up in another article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.keys import digest_of
from bot.models import Analysis, FlagKind, Sourcing
from bot.textnorm import normalize

_NOT_WORD = re.compile(r"[^\w]+")


@dataclass
class FlaggedUnit:
    item_id: str  # claim id, or flag id for a flag on no claim
    statement: str
    quote: str
    claimant: str | None
    sourcing: Sourcing | None
    flag_kinds: list[FlagKind] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)

    @property
    def text_digest(self) -> str:
        return digest_of(normalized_claim(self.quote))


def normalized_claim(text: str) -> str:
    """Lower case, words only: the form in which two articles' claims are compared."""
    return _NOT_WORD.sub(" ", normalize(text).lower()).strip()


def stable_claim_id(identity: str, quote: str) -> str:
    return digest_of(f"{identity}\n{normalized_claim(quote)}", 16)


def flagged_units(analysis: Analysis) -> list[FlaggedUnit]:
    """One unit per flagged claim, in order: flags on one claim, or on the same words, merge."""
    units: dict[str, FlaggedUnit] = {}
    for flag in analysis.flags:
        claim = analysis.claim(flag.claim) if flag.claim else None
        if claim is not None:
            candidate = FlaggedUnit(
                item_id=claim.id,
                statement=claim.statement,
                quote=claim.quote.text,
                claimant=claim.claimant,
                sourcing=claim.sourcing,
            )
        else:
            candidate = FlaggedUnit(
                item_id=flag.id,
                statement=normalize(flag.quote.text),
                quote=flag.quote.text,
                claimant=None,
                sourcing=None,
            )
        unit = units.setdefault(candidate.text_digest, candidate)
        if flag.kind not in unit.flag_kinds:
            unit.flag_kinds.append(flag.kind)
        if flag.why not in unit.reasons:
            unit.reasons.append(flag.why)
    return list(units.values())
