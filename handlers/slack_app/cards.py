"""The smaller messages and views: placeholder, claim card, verdict note, the modal."""

from __future__ import annotations

import json
from typing import Any

from bot import labels
from bot.records import Actor, ClaimStatus, FlaggedClaim
from bot.verdict_flow import REASON_CHARS
from handlers.slack_app import ids
from handlers.slack_app.blocks import (
    FALLBACK_CHARS,
    Block,
    actions,
    button,
    context,
    plain,
    section,
)
from handlers.slack_app.render import Message, on_whose_word, quoted, status_line
from handlers.slack_app.text import escape, flat, shorten

VERDICT_LABELS = {
    ClaimStatus.VERIFIED: "Verified",
    ClaimStatus.FALSE: "False",
    ClaimStatus.MISLEADING: "Misleading",
    ClaimStatus.UNVERIFIABLE: "Unverifiable",
    ClaimStatus.NEEDS_CONTEXT: "Needs context",
}
HISTORY_SHOWN = 5
#: The current verdict's style follows its meaning: never green for False.
VERDICT_STYLE = {
    ClaimStatus.VERIFIED: "primary",
    ClaimStatus.FALSE: "danger",
    ClaimStatus.MISLEADING: "danger",
}


def placeholder(what: str, who: str) -> Message:
    """The "checking …" message that the analysis replaces."""
    text = f":hourglass_flowing_sand: Checking {escape(what)} … (asked by {escape(who)})"
    return Message(text=shorten(text, FALLBACK_CHARS), blocks=[section(text)])


def describe_input(raw: str) -> str:
    """"<link>" or "pasted text (1,234 characters)", for the placeholder."""
    stripped = raw.strip()
    if stripped.startswith(("http://", "https://", "www.")) and len(stripped.split()) == 1:
        return shorten(stripped, 200)
    return f"pasted text ({len(stripped):,} characters)"


def claim_card(claim: FlaggedClaim, analysis_link: str | None) -> Message:
    """The claim's own message; its thread is where the team discusses it."""
    kinds = labels.flag_kinds(claim.flag_kinds)
    who = on_whose_word(*labels.on_whose_word(claim.claimant, claim.sourcing)) \
        or "no source given"
    blocks: list[Block] = [
        section(f"*Flagged claim* · {kinds}\n{quoted(claim.quote, 1500)}\n"
                f"{who[0].upper()}{who[1:]}"),
    ]
    reasons = " ".join(escape(flat(r)) for r in claim.reasons)
    if reasons:
        blocks.append(section(f"*Why it is flagged:* {shorten(reasons, 2000)}"))
    blocks.append(section(f"*Verdict:* {status_line(claim)}"))
    history = [
        f"{entry.at:%Y-%m-%d %H:%M} UTC: {escape(entry.by.label)} → {entry.status.label}"
        + (f" ({escape(flat(entry.note))})" if entry.note else "")
        for entry in claim.history[-HISTORY_SHOWN:]
    ]
    footer = []
    if analysis_link:
        footer.append(f"<{analysis_link}|The analysis this came from>")
    footer.append("Discuss in this message's thread, then set the verdict.")
    blocks.append(context(" · ".join(footer), *(["History: " + "; ".join(history)]
                                              if history else [])))
    buttons = [verdict_button(claim, status) for status in ids.VERDICTS]
    if claim.status is not ClaimStatus.OPEN:
        buttons.append(button("Reopen", ids.verdict_action(ClaimStatus.OPEN), claim.id))
    blocks.append(actions(*buttons, block_id="factdesk:verdicts"))
    text = f"Flagged claim: {quoted(claim.quote, 300)} — {claim.status.label}"
    return Message(text=shorten(text, FALLBACK_CHARS), blocks=blocks)


def verdict_button(claim: FlaggedClaim, status: ClaimStatus) -> Block:
    """A verdict button; the current one marked, and styled by what it means."""
    if status is not claim.status:
        return button(VERDICT_LABELS[status], ids.verdict_action(status), claim.id)
    return button(f"✓ {VERDICT_LABELS[status]}", ids.verdict_action(status), claim.id,
                  style=VERDICT_STYLE.get(status))


def opened_note(who: Actor) -> str:
    return (f"{escape(who.label)} opened this discussion. Talk it through here, then "
            "set the verdict with the claim's buttons.")


def verdict_note(claim: FlaggedClaim, who: str, named: bool = False) -> str:
    """"ana set the verdict: *false*. Why: …"; `named`: in a thread several claims share,
    the claim is named ("… for “The port authority…”")."""
    which = f" for {quoted(claim.quote, 80)}" if named else ""
    if claim.status is ClaimStatus.OPEN:
        return f"{escape(who)} reopened this claim{which}."
    text = f"{escape(who)} set the verdict: *{claim.status.label}*{which}."
    reason = claim.history[-1].note if claim.history else None
    return f"{text} Why: {escape(flat(reason))}" if reason else text


def modal(channel: str, thread_ts: str | None = None) -> dict[str, Any]:
    """The paste-an-article modal: a link, or the text in up to five 3,000-character parts."""
    blocks: list[Block] = [
        section("Paste a link *or* the article's text. Slack allows 3,000 characters per "
                "box: continue a long article in the next box."),
        {
            "type": "input",
            "block_id": ids.LINK_BLOCK,
            "optional": True,
            "label": plain("Link to the article", 2000),
            "element": {"type": "plain_text_input", "action_id": ids.LINK_ACTION,
                        "placeholder": plain("https://…", 150)},
        },
    ]
    for part in range(1, ids.TEXT_PARTS + 1):
        blocks.append({
            "type": "input",
            "block_id": ids.text_block(part),
            "optional": True,
            "label": plain("Article text" if part == 1 else f"Article text, continued ({part})",
                           2000),
            "element": {"type": "plain_text_input", "action_id": ids.TEXT_ACTION,
                        "multiline": True, "max_length": 3000},
        })
    return {
        "type": "modal",
        "callback_id": ids.MODAL,
        "title": plain("Fact-check an article", 24),
        "submit": plain("Check", 24),
        "close": plain("Cancel", 24),
        "private_metadata": json.dumps({"channel": channel, "thread": thread_ts}),
        "blocks": blocks,
    }


def reason_form(claim_id: str, status: ClaimStatus, meta: dict[str, str | None]) -> dict[str, Any]:
    """The verdict's short reason, asked before it is saved; `meta` says where to answer."""
    return {
        "type": "modal",
        "callback_id": ids.REASON_MODAL,
        "title": plain(f"Verdict: {VERDICT_LABELS[status]}", 24),
        "submit": plain("Save verdict", 24),
        "close": plain("Cancel", 24),
        "private_metadata": json.dumps(meta | {"claim": claim_id, "status": status.value}),
        "blocks": [{
            "type": "input",
            "block_id": ids.REASON_BLOCK,
            "label": plain("Why? (shown on the card, in the thread and in the digest)", 2000),
            "element": {"type": "plain_text_input", "action_id": ids.REASON_ACTION,
                        "multiline": True, "max_length": REASON_CHARS,
                        "placeholder": plain("e.g. The port authority's filing says…", 150)},
        }],
    }
