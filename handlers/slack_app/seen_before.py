"""The line under a flagged claim that repeats, in other words, one already on the desk:
the earlier claim's verdict and a link to its thread (`bot.claim_matching`)."""

from __future__ import annotations

from bot.records import ClaimStatus, FlaggedClaim
from handlers.slack_app.text import escape, flat, link, shorten

STATEMENT = 160


def seen_before_line(earlier: FlaggedClaim | None) -> str | None:
    if earlier is None:
        return None
    verdict = ("still open" if earlier.status is ClaimStatus.OPEN
               else f"*{earlier.status.label}*")
    if earlier.history and earlier.status is not ClaimStatus.OPEN:
        verdict += f" ({escape(earlier.history[-1].by.label)}, {earlier.history[-1].at:%Y-%m-%d})"
    where = (f" · {link(earlier.thread.url, 'its thread')}"
             if earlier.thread is not None and earlier.thread.url else "")
    said = escape(shorten(flat(earlier.statement), STATEMENT))
    return f":repeat: Seen before on the desk, reworded: “{said}” — {verdict}{where}"
