"""A check's first screen as one Slack message: Block Kit within Slack's limits.

What is shown and in what order is the core's (`bot.presentation`): the status line
as the first section (with the title), each flagged item once as a section with its
Discuss button, the responses, the top claims, then a row with "Full analysis" and,
for flagged items beyond the sections, a "Discuss another…" menu; the engine line
last. At most `FIRST_SCREEN_BLOCKS` blocks. Every piece of article text goes through
`text.escape`.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot import presentation
from bot.presentation import ClaimLine, Concern, Presentation, Response, present
from bot.records import CheckResult, ClaimStatus, FlaggedClaim
from bot.report import to_text
from handlers.slack_app import ids
from handlers.slack_app.blocks import (
    FALLBACK_CHARS,
    SECTION_CHARS,
    Block,
    actions,
    button,
    context,
    option,
    pack,
    section,
    select,
)
from handlers.slack_app.text import escape, flat, link, shorten

FIRST_SCREEN_BLOCKS = 12  # one screen: the status line, what needs attention, top claims
CONCERN_SECTIONS = 6  # flagged items shown as sections; the rest through the menu
QUOTE_CHARS = 600
REASON_CHARS = 300
MENU_OPTIONS = 100  # Slack's limit for a static select
PLAIN_CHARS = 3900  # Slack shows a message's text in full up to 4,000 characters

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
    return escape(presentation.quoted(shorten(flat(text), limit)))


def status_line(claim: FlaggedClaim) -> str:
    """":x: *false* — Ana, 2031-03-04 10:12 UTC · “reason”", or the open mark."""
    mark = STATUS_MARK[claim.status]
    if claim.status is ClaimStatus.OPEN or not claim.history:
        return f"{mark} open"
    last = claim.history[-1]
    reason = f" · “{escape(shorten(flat(last.note), 200))}”" if last.note else ""
    return (f"{mark} *{claim.status.label}* — {escape(last.by.label)}, "
            f"{last.at:%Y-%m-%d %H:%M} UTC{reason}")


def on_whose_word(who: str | None, how: str) -> str:
    """"on the word of *Elena Brask* (named source)", "no source given", or ""."""
    if who:
        return f"on the word of *{escape(flat(who))}*" + (f" ({how})" if how else "")
    return how


def sourced(quote: str, who: str | None, how: str, limit: int = QUOTE_CHARS) -> str:
    said = on_whose_word(who, how)
    return f"{quoted(quote, limit)} — {said}" if said else quoted(quote, limit)


def thread_link(claim: FlaggedClaim | None) -> str:
    if claim is None or claim.thread is None or not claim.thread.url:
        return ""
    return " · " + link(claim.thread.url, "discussion thread")


def concern_text(concern: Concern, quote_chars: int = QUOTE_CHARS) -> str:
    lines = [f"*⚑{concern.number}* · _{escape(concern.kinds)}_"]
    if concern.statement:
        lines.append(escape(shorten(flat(concern.statement), 300)))
    lines.append(sourced(concern.quote, concern.who, concern.how, quote_chars))
    why = " ".join(escape(flat(reason)) for reason in concern.reasons)
    if why:
        lines.append(shorten(why, REASON_CHARS))
    if concern.response:
        lines.append(f"↳ Response: {escape(shorten(flat(concern.response), 400))}")
    if concern.record is not None:
        lines.append(status_line(concern.record) + thread_link(concern.record))
    return "\n".join(lines)


def response_entry(response: Response, limit: int = 400) -> str:
    answers = f" → answers {escape(', '.join(response.answers))}" if response.answers else ""
    return f"• {escape(response.who)}\n      {quoted(response.quote, limit)}{answers}"


def claim_entry(claim: ClaimLine, limit: int = 400) -> str:
    text = sourced(claim.quote, claim.who, claim.how, limit) + f" · worth checking: {claim.worth}"
    if claim.statement:
        text = f"{escape(shorten(flat(claim.statement), 300))}\n      {text}"
    return f"• {text}"


def concern_option(concern: Concern) -> Block:
    return option(f"⚑{concern.number} {flat(concern.statement or concern.quote)}",
                  concern.claim_id or "")


def render_check(result: CheckResult, requested_by: str | None = None) -> Message:
    """The first screen of a check (a fresh one, or one re-read after a verdict)."""
    shown = present(result)
    first = f"*{escape(shown.status)}*\n*{escape(shown.title)}*"
    meta = _meta(result, shown, requested_by)
    if meta:
        first += f"\n{meta}"
    blocks: list[Block] = [section(shorten(first, SECTION_CHARS))]
    if shown.notice:
        blocks.append(section(f":warning: {escape(shown.notice)}"))
    tail: list[Block] = []
    if shown.responses:
        tail += pack([response_entry(r) for r in shown.responses],
                     f"*Responses ({len(shown.responses)})*", 1, "responses")
    if shown.top_claims:
        more = (f" · {shown.claims_not_shown} more in the full analysis"
                if shown.claims_not_shown else "")
        tail += pack([claim_entry(c) for c in shown.top_claims],
                     f"*Top claims*{more}", 1, "claims")
    room = FIRST_SCREEN_BLOCKS - len(blocks) - len(tail) - 2  # the row and the engine line
    sections = shown.concerns[: max(min(room, CONCERN_SECTIONS), 0)]
    for concern in sections:
        accessory = (button("Discuss", ids.DISCUSS, concern.claim_id)
                     if concern.claim_id else None)
        blocks.append(section(concern_text(concern), accessory=accessory))
    if not shown.concerns:
        blocks.append(section("_Nothing in this article rests on a source that needs "
                              "checking._"))
    blocks += tail
    rest = shown.concerns[len(sections):]
    row = _row(shown, rest)
    if row is not None:
        blocks.append(row)
    footer = [escape(shown.engine)]
    if rest:
        footer.insert(0, f"… and {len(rest)} more to verify: pick one under “Discuss "
                         "another…” or open the full analysis.")
    blocks.append(context(*footer))
    return Message(text=_fallback(shown), blocks=blocks[:FIRST_SCREEN_BLOCKS])


def _row(shown: Presentation, rest: list[Concern]) -> Block | None:
    """"Full analysis", and a menu for the flagged items not shown as sections."""
    if shown.check_id is None:
        return None  # not saved: nothing on the desk to open or discuss
    elements = [button("Full analysis", ids.FULL, shown.check_id)]
    pickable = [c for c in rest if c.claim_id][:MENU_OPTIONS]
    if pickable:
        elements.append(select(ids.DISCUSS_PICK, "Discuss another…",
                               [concern_option(c) for c in pickable]))
    return actions(*elements, block_id="factdesk:first")


def render_plain(result: CheckResult) -> Message:
    """The analysis as plain text: the fallback when Slack refuses our blocks."""
    text = escape(to_text(result.analysis))
    if result.notice:
        text = f"{escape(result.notice)}\n\n{text}"
    return Message(text=shorten(text, PLAIN_CHARS), blocks=[])


def _meta(result: CheckResult, shown: Presentation, requested_by: str | None) -> str:
    meta = result.analysis.article
    parts = [escape(p) for p in shown.byline]
    if meta.canonical_url:
        parts.append(link(meta.canonical_url))
    who = requested_by or (result.check.who.label if result.check else None)
    if who:
        parts.append(f"checked for {escape(who)}")
    return " · ".join(parts)


def _fallback(shown: Presentation) -> str:
    return shorten(f"{escape(shown.status)} — {escape(shown.title)}", FALLBACK_CHARS)
