"""The full analysis in a Slack modal, page by page: every item, every flagged one with
its Discuss button.

A modal takes 100 blocks; a page holds `PAGE_SECTIONS` sections (the summary, then each
flagged item with Discuss, each response, each claim) and a row with Previous / Next.
The modal's metadata says which check it shows and where its analysis is (channel,
message, thread), so Discuss pressed in it opens the thread under that analysis.
"""

from __future__ import annotations

import json
from typing import Any

from bot.presentation import claim_line, present
from bot.records import CheckResult
from handlers.slack_app import ids
from handlers.slack_app.blocks import Block, actions, button, plain, section
from handlers.slack_app.render import claim_entry, concern_text, response_entry
from handlers.slack_app.text import escape, shorten

PAGE_SECTIONS = 20
FULL_QUOTE = 2400  # a section holds 3,000 characters: quotes in full up to this


def sections(view: CheckResult) -> list[Block]:
    """Every item of the analysis as a section, in the first screen's order."""
    shown = present(view)
    analysis = view.analysis
    found: list[Block] = [section(shorten(
        f"*{escape(shown.status)}*\n*Summary* {escape(analysis.summary or '(none)')}", 2900))]
    for concern in shown.concerns:
        accessory = (button("Discuss", ids.DISCUSS, concern.claim_id)
                     if concern.claim_id else None)
        found.append(section(concern_text(concern, FULL_QUOTE), accessory=accessory))
    found += [section(f"*Response* {response_entry(r, FULL_QUOTE)[2:]}") for r in shown.responses]
    found += [section(f"*Claim* {claim_entry(claim_line(c), FULL_QUOTE)[2:]}")
              for c in analysis.ranked_claims()]
    return found


def pages(view: CheckResult) -> int:
    return max(1, -(-len(sections(view)) // PAGE_SECTIONS))


def full_view(view: CheckResult, page: int, meta: dict[str, str | None]) -> dict[str, Any]:
    """Page `page` (from 0) of the full analysis; `meta`: channel, analysis, thread."""
    every = sections(view)
    total = max(1, -(-len(every) // PAGE_SECTIONS))
    page = min(max(page, 0), total - 1)
    blocks: list[Block] = [section(f"_Page {page + 1} of {total}_")]
    blocks += every[page * PAGE_SECTIONS:(page + 1) * PAGE_SECTIONS]
    nav = []
    if page > 0:
        nav.append(button("Previous", ids.FULL_PAGE, str(page - 1)))
    if page + 1 < total:
        nav.append(button("Next", ids.FULL_PAGE, str(page + 1)))
    if nav:
        blocks.append(actions(*nav, block_id="factdesk:full-nav"))
    assert view.check is not None
    return {
        "type": "modal",
        "callback_id": ids.FULL_MODAL,
        "title": plain("Full analysis", 24),
        "close": plain("Close", 24),
        "private_metadata": json.dumps(meta | {"check": view.check.id, "page": str(page)}),
        "blocks": blocks,
    }
