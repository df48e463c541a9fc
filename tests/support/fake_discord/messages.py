"""Reading what the bot sent: its message calls, their components, embeds, mentions and
text, and which masked links Discord would render live."""

from __future__ import annotations

import re
from typing import Any

from tests.support.fake_discord.server import Call, FakeDiscord


def components_of(message: dict[str, Any]) -> list[dict[str, Any]]:
    """Every component of a message payload, rows flattened."""
    found: list[dict[str, Any]] = []
    for row in message.get("components") or []:
        found.extend(row.get("components") or [])
    return found


def embed_chars(embed: dict[str, Any]) -> int:
    """Characters Discord counts toward the 6,000 per message."""
    total = len(embed.get("title") or "") + len(embed.get("description") or "")
    total += len((embed.get("footer") or {}).get("text") or "")
    total += len((embed.get("author") or {}).get("name") or "")
    for item in embed.get("fields") or []:
        total += len(item.get("name") or "") + len(item.get("value") or "")
    return total


def allowed_mentions_of(call: Call) -> Any:
    return call.message.get("allowed_mentions")


def sent_messages(fake: FakeDiscord) -> list[Call]:
    """Every call that posted or edited a message, interaction replies included."""
    return [c for c in fake.calls if c.sends_message()]


def is_followup(call: Call) -> bool:
    return call.method == "POST" and bool(re.fullmatch(r"/webhooks/\d+/[^/]+", call.path))


#: Article text with masked links Discord would render: two on one line (discord.py's
#: escape_markdown escapes only the first) and one split across a line break.
MASKED_LINKS = ("see [the notice](https://gov.example/n) and "
                "[https://www.valmora.gov/port](https://evil.example/phish), or "
                "[https://who.int/r\n](https://evil.example/two)")


def _escaped(text: str, index: int) -> bool:
    """Whether the character at `index` follows an odd number of backslashes."""
    run = len(text[:index]) - len(text[:index].rstrip("\\"))
    return run % 2 == 1


def live_masked_links(text: str) -> list[tuple[str, str]]:
    """(label, URL) of every `[label](url)` in `text` that Discord would render as a link."""
    found = []
    for match in re.finditer(r"\[([^\[\]]*)\]\(<?([^)\s>]+)", text):
        close = match.start() + 1 + len(match.group(1))
        if not _escaped(text, match.start()) and not _escaped(text, close):
            found.append((match.group(1), match.group(2)))
    return found


def all_text(message: dict[str, Any]) -> str:
    """A message's content and embed text, for asserting on what a reader sees."""
    parts = [message.get("content") or ""]
    for embed in message.get("embeds") or []:
        parts += [embed.get("title") or "", embed.get("description") or "",
                  (embed.get("footer") or {}).get("text") or "",
                  (embed.get("author") or {}).get("name") or ""]
        for item in embed.get("fields") or []:
            parts += [item.get("name") or "", item.get("value") or ""]
    return "\n".join(parts)
