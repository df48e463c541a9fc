"""The line under a flagged claim that repeats, in other words, one already on the desk:
the earlier claim's verdict and its thread (`bot.claim_matching`)."""

from __future__ import annotations

from bot.records import ClaimStatus, FlaggedClaim
from handlers.discord_bot import limits
from handlers.discord_bot.markup import no_markdown

LINE = 200  # characters at most, taken from the entry's share


def seen_before_line(earlier: FlaggedClaim | None) -> str | None:
    if earlier is None:
        return None
    verdict = ("still open" if earlier.status is ClaimStatus.OPEN
               else f"**{earlier.status.label}**")
    where = f" · <#{earlier.thread.thread}>" if earlier.thread is not None else ""
    said = limits.shorten(no_markdown(earlier.statement), 90)
    return limits.shorten(f"🔁 Seen before, reworded: “{said}” — {verdict}{where}", LINE)
