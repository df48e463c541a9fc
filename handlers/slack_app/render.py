"""A check's analysis as one Slack message: Block Kit within Slack's limits.

Order: title and site, summary, claims with claimant and sourcing, denials, then the
flagged claims (each with a Discuss button when the check was saved), and a context
line with the analyzer, cache state, tokens and time. Every piece of article text goes
through `text.escape`; long lists end with "… and N more" instead of failing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.models import Analysis, Claim, Denial, Flag, Sourcing
from bot.records import CheckResult, ClaimStatus, FlaggedClaim, FlaggedItem
from bot.report import denial_line, engine_line, to_text
from handlers.slack_app import ids
from handlers.slack_app.blocks import (
    FALLBACK_CHARS,
    MAX_BLOCKS,
    SECTION_CHARS,
    Block,
    button,
    context,
    header,
    pack,
    section,
)
from handlers.slack_app.seen_before import seen_before_line
from handlers.slack_app.text import escape, flat, link, shorten

# How many blocks each part may use at most; flagged claims get what is left.
CLAIM_BLOCKS = 4
DENIAL_BLOCKS = 3
QUOTE_CHARS = 600
PLAIN_CHARS = 3900  # Slack shows a message's text in full up to 4,000 characters

SOURCING = {
    Sourcing.NAMED: "named source",
    Sourcing.ANONYMOUS: "anonymous source",
    Sourcing.DOCUMENT: "document",
    Sourcing.OUTLET_REPORT: "another outlet's report",
    Sourcing.VAGUE: "loose collective",
    Sourcing.HEDGED: "hedged",
    Sourcing.UNATTRIBUTED: "unattributed",
    Sourcing.AUTHOR: "the article's own voice",
}

STATUS_MARK = {
    ClaimStatus.OPEN: ":grey_question:",
    ClaimStatus.VERIFIED: ":white_check_mark:",
    ClaimStatus.FALSE: ":x:",
    ClaimStatus.MISLEADING: ":warning:",
    ClaimStatus.UNVERIFIABLE: ":grey_exclamation:",
    ClaimStatus.NEEDS_CONTEXT: ":mag:",
}


@dataclass(frozen=True)
class Message:
    """What `chat.postMessage` / `chat.update` take: notification text and blocks."""

    text: str
    blocks: list[Block]


def quoted(text: str, limit: int = QUOTE_CHARS) -> str:
    return f"“{shorten(escape(flat(text)), limit)}”"


def status_line(claim: FlaggedClaim) -> str:
    """":x: *false* — Ana, 2031-03-04 10:12 UTC", or the open mark."""
    mark = STATUS_MARK[claim.status]
    if claim.status is ClaimStatus.OPEN or not claim.history:
        return f"{mark} open"
    last = claim.history[-1]
    reason = f" · “{escape(shorten(flat(last.note), 200))}”" if last.note else ""
    return (f"{mark} *{claim.status.label}* — {escape(last.by.label)}, "
            f"{last.at:%Y-%m-%d %H:%M} UTC{reason}")


def on_whose_word(claimant: str | None, sourcing: Sourcing | None) -> str:
    """"on the word of *Elena Brask* (named source)", or "no source given"."""
    kind = f" ({SOURCING[sourcing]})" if sourcing and sourcing is not Sourcing.UNATTRIBUTED else ""
    if claimant:
        return f"on the word of *{escape(flat(claimant))}*{kind}"
    return f"no source given{kind}"


def claim_entry(claim: Claim) -> str:
    """The quote and on whose word it rests; the statement too when it adds anything."""
    sourced = f"{quoted(claim.quote.text)} — {on_whose_word(claim.claimant, claim.sourcing)}"
    statement = flat(claim.statement)
    if normalize_words(statement) == normalize_words(claim.quote.text):
        return f"• {sourced}"
    return f"• {escape(statement)}\n      {sourced}"


def normalize_words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def denial_entry(denial: Denial) -> str:
    return f"• {escape(denial_line(denial))}\n      {quoted(denial.quote.text)}"


def flag_entry(flag: Flag) -> str:
    return (f"• *{flag.kind.value.replace('_', ' ')}* {quoted(flag.quote.text)}\n"
            f"      {escape(flat(flag.why))}")


def flagged_text(item: FlaggedItem) -> str:
    claim = item.claim
    kinds = ", ".join(kind.value.replace("_", " ") for kind in claim.flag_kinds) or "flagged"
    why = " ".join(escape(flat(reason)) for reason in claim.reasons)
    lines = [f"*{kinds}* {quoted(claim.quote)}"]
    if why:
        lines.append(shorten(why, 800))
    thread = (f" · <{claim.thread.url}|discussion thread>"
              if claim.thread is not None and claim.thread.url else "")
    lines.append(status_line(claim) + thread)
    seen = seen_before_line(item)
    if seen:
        lines.append(seen)
    return "\n".join(lines)


def render_check(result: CheckResult, requested_by: str | None = None) -> Message:
    """The analysis message for a check (a fresh one, or one re-read after a verdict)."""
    analysis = result.analysis
    blocks: list[Block] = [header(escape(_title(analysis)))]
    blocks.append(context(*_meta(result, requested_by)))
    if result.notice:
        blocks.append(section(f":warning: {escape(result.notice)}"))
    summary = escape(analysis.summary) if analysis.summary else "_(no summary)_"
    blocks.append(section(shorten(f"*Summary*\n{summary}", SECTION_CHARS)))

    blocks += pack([claim_entry(c) for c in analysis.ranked_claims()],
                   f"*Claims ({len(analysis.claims)})*"
                   + ("" if analysis.claims else "\n_none found_"),
                   CLAIM_BLOCKS, "claims")
    blocks += pack([denial_entry(d) for d in analysis.denials],
                   f"*Denials and responses ({len(analysis.denials)})*"
                   + ("" if analysis.denials else "\n_none found_"),
                   DENIAL_BLOCKS, "denials and responses")

    room = MAX_BLOCKS - len(blocks) - 1  # the engine line comes last
    if result.saved and result.check is not None:
        blocks += _flagged_blocks(result.flagged, room)
    else:
        blocks += pack([flag_entry(f) for f in analysis.flags],
                       f"*Attributions to verify ({len(analysis.flags)})*"
                       + ("" if analysis.flags else "\n_none found_"),
                       min(room, 8), "attributions")
    blocks.append(context(escape(engine_line(analysis))))
    return Message(text=_fallback(result), blocks=blocks[:MAX_BLOCKS])


def render_plain(result: CheckResult) -> Message:
    """The analysis as plain text: the fallback when Slack refuses our blocks."""
    text = escape(to_text(result.analysis))
    if result.notice:
        text = f"{escape(result.notice)}\n\n{text}"
    return Message(text=shorten(text, PLAIN_CHARS), blocks=[])


def _flagged_blocks(items: list[FlaggedItem], room: int) -> list[Block]:
    title = f"*Attributions to verify ({len(items)})*"
    if not items:
        return [section(title + "\n_none found_")]
    blocks: list[Block] = [section(title)]
    fits = room - 1
    if len(items) > fits:
        fits -= 1  # keep a block for the "… and N more" line
    for item in items[: max(fits, 0)]:
        blocks.append(section(
            flagged_text(item),
            accessory=button("Discuss", ids.DISCUSS, item.claim.id),
        ))
    rest = len(items) - max(fits, 0)
    if rest > 0:
        blocks.append(section(f"_… and {rest} more flagged claims not shown here_"))
    return blocks


def _title(analysis: Analysis) -> str:
    meta = analysis.article
    return flat(meta.title or meta.canonical_url or "Pasted article")


def _meta(result: CheckResult, requested_by: str | None) -> list[str]:
    meta = result.analysis.article
    parts: list[str] = []
    if meta.site:
        parts.append(f"*{escape(meta.site)}*")
    if meta.canonical_url:
        parts.append(link(meta.canonical_url))
    if meta.date:
        parts.append(escape(meta.date))
    who = requested_by or (result.check.who.label if result.check else None)
    if who:
        parts.append(f"checked for {escape(who)}")
    return [" · ".join(parts)] if parts else []


def _fallback(result: CheckResult) -> str:
    analysis = result.analysis
    flagged = len(result.flagged) if result.saved and result.check else len(analysis.flags)
    text = (f"Fact-check: {escape(_title(analysis))} — {len(analysis.claims)} claims, "
            f"{len(analysis.denials)} denials, {flagged} attributions to verify")
    return shorten(text, FALLBACK_CHARS)
