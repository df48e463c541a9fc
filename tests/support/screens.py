"""What the first screen and the full analysis must hold, asserted the same way for every
platform: no item of the analysis twice, every item in the full file."""

from __future__ import annotations

import html
from pathlib import Path

from bot.models import Analysis

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SHARED_EXAMPLES = Path(__file__).resolve().parents[3] / "shared" / "examples"


def example_articles() -> list[Path]:
    """The shipped example, and the user's own when ../shared is there."""
    found = [EXAMPLES / "ferry-contract-article.txt"]
    user = SHARED_EXAMPLES / "soleimani-article.txt"
    if user.exists():
        found.append(user)
    return found


def _flat(text: str) -> str:
    return " ".join(text.split())


def _snippet(text: str) -> str:
    return _flat(text).strip("“”\"‘’' ")[:40]


def repeated_items(analysis: Analysis, shown: str) -> list[str]:
    """Ids of claims, responses and flags on no claim whose words are shown more than once
    (`shown`: the screen's text, Slack's entities and Discord's escapes undone)."""
    text = _flat(html.unescape(shown).replace("\\", ""))
    quotes = [(c.id, c.quote.text) for c in analysis.claims]
    quotes += [(d.id, d.quote.text) for d in analysis.denials]
    quotes += [(f.id, f.quote.text) for f in analysis.flags if f.claim is None]
    return [item for item, quote in quotes if text.count(_snippet(quote)) > 1]


def missing_items(analysis: Analysis, markdown: str) -> list[str]:
    """Ids of the analysis' items whose id or whole quote the full file lacks."""
    text = _flat(markdown)
    items = [(c.id, c.quote.text) for c in analysis.claims]
    items += [(d.id, d.quote.text) for d in analysis.denials]
    items += [(f.id, f.quote.text) for f in analysis.flags]
    items += [(a.id, a.content.text) for a in analysis.attributions]
    return [item for item, quote in items
            if f"`{item}`" not in text or _flat(quote) not in text]
