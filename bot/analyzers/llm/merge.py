"""Drafts from the parts of one article, merged into one set of items with our own ids.

Each part's ids are the model's and only mean something within that part, so every item
gets a fresh id (a1.., c1.., d1.., f1.. in article order) and each part's references
(`claim.attribution`, `denial.answers`, `flag.claim`, `*.attribution`) are remapped
through that part's own table. A reference to an id the part never defined is dropped.

Duplicates (the same passage picked up twice, within a part or in two parts) are kept
once, by their normalised quote (for flags, kind and quote; for attributions, cue and
content); references to a removed duplicate point at the item that was kept.

Quotes are located in the article near their part (`Grounder.locate` with the part's
offset as the hint), so a passage the article repeats is pinned to the occurrence the
model read. A quote that cannot be found keeps offsets -1: `run_analyzer`'s grounding
then drops the item and counts it in `engine.dropped`, the one place that does so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.analyzers.llm.chunking import Part
from bot.analyzers.llm.schema import AnalysisDraft
from bot.grounding import Grounder
from bot.models import Attribution, Claim, Denial, Flag, Span
from bot.textnorm import normalize

_STRIP = " \"'.,;:"


def quote_key(text: str) -> str:
    """The form under which two quotes count as the same passage."""
    return normalize(text).strip(_STRIP).casefold()


@dataclass
class Merged:
    """The merged items; `summary` is the first part's (see `merge`)."""

    summary: str = ""
    attributions: list[Attribution] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    denials: list[Denial] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)


class _Ids:
    """Fresh ids for one kind of item, and which item each key already has."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.by_key: dict[tuple[str, ...], str] = {}

    def assign(self, key: tuple[str, ...]) -> tuple[str, bool]:
        """(id, new): the id of the item with `key`, new unless it was seen before."""
        if key in self.by_key:
            return self.by_key[key], False
        new_id = f"{self.prefix}{len(self.by_key) + 1}"
        self.by_key[key] = new_id
        return new_id, True


def merge(article_text: str, results: Sequence[tuple[Part, AnalysisDraft]]) -> Merged:
    """One set of items from the parts' drafts, in part order.

    The summary is the first part's: a news article puts its gist in its opening
    paragraphs, which the first part always holds, and asking the model again to
    summarise the summaries would cost another call for little gain.
    """
    grounder = Grounder(article_text)
    ordered = sorted(results, key=lambda pair: pair[0].index)
    merged = Merged(summary=ordered[0][1].summary.strip() if ordered else "")
    ids = {kind: _Ids(kind) for kind in ("a", "c", "d", "f")}
    for part, draft in ordered:
        _merge_part(merged, ids, grounder, part, draft)
    return merged


def _merge_part(
    merged: Merged, ids: dict[str, _Ids], grounder: Grounder, part: Part, draft: AnalysisDraft
) -> None:
    def span(text: str) -> Span:
        return grounder.locate(text, near=part.start) or Span(text=text)

    attributions: dict[str, str] = {}
    for a in draft.attributions:
        new_id, new = ids["a"].assign(("a", quote_key(a.cue), quote_key(a.content)))
        attributions.setdefault(a.id, new_id)
        if new:
            merged.attributions.append(
                Attribution(
                    id=new_id,
                    source=span(a.source) if a.source and a.source.strip() else None,
                    cue=span(a.cue),
                    content=span(a.content),
                    source_type=a.source_type,
                )
            )

    def attribution_ref(local: str | None) -> str | None:
        return attributions.get(local) if local is not None else None

    claims: dict[str, str] = {}
    for c in draft.claims:
        new_id, new = ids["c"].assign(("c", quote_key(c.quote)))
        claims.setdefault(c.id, new_id)
        if new:
            merged.claims.append(
                Claim(
                    id=new_id,
                    statement=c.statement.strip(),
                    quote=span(c.quote),
                    claimant=c.claimant,
                    attribution=attribution_ref(c.attribution),
                    sourcing=c.sourcing,
                    checkworthy=min(1.0, max(0.0, c.checkworthy)),
                )
            )

    for d in draft.denials:
        answers = list(dict.fromkeys(claims[x] for x in d.answers if x in claims))
        new_id, new = ids["d"].assign(("d", quote_key(d.quote)))
        if not new:
            kept = next(item for item in merged.denials if item.id == new_id)
            kept.answers = list(dict.fromkeys([*kept.answers, *answers]))
            continue
        merged.denials.append(
            Denial(
                id=new_id,
                by=d.by,
                role=d.role,
                organization=d.organization,
                official=d.official,
                kind=d.kind,
                quote=span(d.quote),
                venue=d.venue,
                firsthand=d.firsthand,
                answers=answers,
                attribution=attribution_ref(d.attribution),
            )
        )

    for f in draft.flags:
        new_id, new = ids["f"].assign(("f", f.kind.value, quote_key(f.quote)))
        if new:
            merged.flags.append(
                Flag(
                    id=new_id,
                    kind=f.kind,
                    quote=span(f.quote),
                    claim=claims.get(f.claim) if f.claim is not None else None,
                    attribution=attribution_ref(f.attribution),
                    why=f.why.strip(),
                )
            )
