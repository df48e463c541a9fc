"""Block Kit pieces and Slack's size limits, kept in one place.

Slack refuses a whole message over one oversized field, so everything we build is
shortened here first: 50 blocks a message, 3,000 characters a section, 150 a header,
75 a button label. Text passed in is already escaped (see `text.escape`).
"""

from __future__ import annotations

from typing import Any

from handlers.slack_app.text import shorten

Block = dict[str, Any]

MAX_BLOCKS = 50
SECTION_CHARS = 3000
HEADER_CHARS = 150
CONTEXT_CHARS = 2000
BUTTON_CHARS = 75
OPTION_CHARS = 75  # an option's (and a menu placeholder's) text
VALUE_CHARS = 150  # an option's value
FALLBACK_CHARS = 3000  # the notification text; Slack shortens anything past 4,000


def mrkdwn(text: str) -> dict[str, Any]:
    # verbatim: no automatic links, channel names or mentions in what we show
    return {"type": "mrkdwn", "text": shorten(text, SECTION_CHARS), "verbatim": True}


def plain(text: str, limit: int) -> dict[str, Any]:
    return {"type": "plain_text", "text": shorten(text, limit), "emoji": False}


def header(text: str) -> Block:
    return {"type": "header", "text": plain(text or "…", HEADER_CHARS)}


def section(text: str, accessory: Block | None = None, block_id: str | None = None) -> Block:
    block: Block = {"type": "section", "text": mrkdwn(text)}
    if accessory is not None:
        block["accessory"] = accessory
    if block_id is not None:
        block["block_id"] = block_id
    return block


def context(*parts: str) -> Block:
    elements = [
        {"type": "mrkdwn", "text": shorten(part, CONTEXT_CHARS), "verbatim": True}
        for part in parts[:10]
        if part
    ]
    return {"type": "context", "elements": elements or [mrkdwn(" ")]}


def button(label: str, action_id: str, value: str, style: str | None = None) -> Block:
    element: Block = {
        "type": "button",
        "text": plain(label, BUTTON_CHARS),
        "action_id": action_id,
        "value": value,
    }
    if style is not None:
        element["style"] = style
    return element


def option(label: str, value: str) -> Block:
    return {"text": plain(label, OPTION_CHARS), "value": value[:VALUE_CHARS]}


def select(action_id: str, placeholder: str, options: list[Block]) -> Block:
    """A static select (a menu): at most 100 options."""
    return {"type": "static_select", "action_id": action_id,
            "placeholder": plain(placeholder, OPTION_CHARS), "options": options[:100]}


def actions(*elements: Block, block_id: str | None = None) -> Block:
    block: Block = {"type": "actions", "elements": list(elements[:25])}
    if block_id is not None:
        block["block_id"] = block_id
    return block


def pack(entries: list[str], title: str, max_blocks: int, noun: str,
         total: int | None = None) -> list[Block]:
    """Entries as few sections as fit, at most `max_blocks`; the rest as "… and N more".

    Each entry is shortened to fit a section on its own; entries are never split
    across sections, so a quote is read in one piece. `total`, when more exist than
    were passed in (a list already capped), is what "N more" counts against.
    """
    if max_blocks < 1:
        return []
    budget = SECTION_CHARS - 40  # room for the "… and N more" line
    chunks: list[list[str]] = [[title]]
    size = len(title)
    shown = 0
    for entry in entries:
        entry = shorten(entry, budget // 2)
        if size + 1 + len(entry) > budget:
            if len(chunks) == max_blocks:
                break
            chunks.append([])
            size = 0
        chunks[-1].append(entry)
        size += 1 + len(entry)
        shown += 1
    rest = max(len(entries), total or 0) - shown
    if rest:
        chunks[-1].append(f"_… and {rest} more {noun}_")
    return [section("\n".join(chunk)) for chunk in chunks]
