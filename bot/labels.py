"""Plain words for every label a person reads: no enum values, no raw scores.

Decided once here, for the terminal, the Markdown file and every chat platform, so
"outlet_report" or "check-worthiness 0.7" never reaches a reader.
"""

from __future__ import annotations

from bot.models import DenialKind, FlagKind, Sourcing

SOURCING = {
    Sourcing.NAMED: "named source",
    Sourcing.ANONYMOUS: "anonymous source",
    Sourcing.DOCUMENT: "document",
    Sourcing.OUTLET_REPORT: "another outlet's report",
    Sourcing.VAGUE: "loose collective",
    Sourcing.HEDGED: "hedged",
    Sourcing.UNATTRIBUTED: "no source given",
    Sourcing.AUTHOR: "the article's own voice",
}

FLAG_KIND = {
    FlagKind.ANONYMOUS_SOURCE: "anonymous source",
    FlagKind.HEDGED: "hedged wording",
    FlagKind.SECONDARY_REPORT: "taken from another report",
    FlagKind.UNNAMED_DOCUMENT: "unnamed document",
    FlagKind.VAGUE_SOURCE: "vague source",
    FlagKind.UNKNOWN_ADMITTED: "the article says it is not known",
    FlagKind.PARTY_ACCUSATION: "one side's accusation",
    FlagKind.REPORTED_DENIAL: "denial only reported",
}

DENIAL_KIND = {
    DenialKind.DENIAL: "denial",
    DenialKind.NO_COMMENT: "no comment",
    DenialKind.DECLINED: "declined to comment",
    DenialKind.NON_DENIAL: "non-denial",
}


OPEN_QUOTES = "“\"‘'«"
CLOSE_QUOTES = "”\"’'»"


DOUBLE_MARKS = "“”\"«»"


def quoted(text: str) -> str:
    """Quote marks around article words, always one balanced pair and never doubled: a
    quotation that is the whole text keeps its own marks (“No.”); a text that holds a
    quotation of its own is set in single marks (‘“We were not involved,” he said.’, ‘they
    were “counterparts” of US forces’), anything else in double ones (“plain words”)."""
    flat = " ".join(text.split())
    core = flat.rstrip(".,;:!? ")
    inner = core[1:-1]
    if core[:1] in OPEN_QUOTES and core[-1:] in CLOSE_QUOTES and not any(
            mark in inner for mark in DOUBLE_MARKS):
        return flat  # “No.”: the article's own pair
    if any(mark in flat for mark in DOUBLE_MARKS):
        return f"‘{flat}’"
    return f"“{flat}”"


def flag_kinds(kinds: list[FlagKind]) -> str:
    """"anonymous source, taken from another report", or "flagged"."""
    return ", ".join(FLAG_KIND[kind] for kind in kinds) or "flagged"


def worth_checking(score: float) -> str:
    """The analyzer's check-worthiness (0–1) in words."""
    if score >= 0.8:
        return "high"
    if score >= 0.5:
        return "medium"
    return "low"


def on_whose_word(claimant: str | None, sourcing: Sourcing | None) -> tuple[str | None, str]:
    """(who, how): the claimant as the article names them, and the kind of source in
    words; `who` is None when the article gives none. A kind the name already says
    ("no source given" without a name) is not repeated by the renderers; `how` is empty
    for a flagged passage that is no claim."""
    how = SOURCING[sourcing] if sourcing is not None else ""
    return (claimant or None), how


def plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"
