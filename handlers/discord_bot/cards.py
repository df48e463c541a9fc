"""The claim card: the message that opens a claim's thread and shows its verdict."""

from __future__ import annotations

import discord

from bot.labels import flag_kinds, on_whose_word
from bot.presentation import same_words
from bot.records import FlaggedClaim
from handlers.discord_bot import limits
from handlers.discord_bot.render import ORANGE, STATUS_MARK, plain, quoted

HISTORY_SHOWN = 5


def thread_name(claim: FlaggedClaim) -> str:
    """Discord allows 100 characters for a thread's name."""
    return limits.shorten(claim.statement, limits.THREAD_NAME) or "Claim"


def claim_card(claim: FlaggedClaim, analysis_url: str | None) -> discord.Embed:
    verbatim = same_words(claim.statement, claim.quote)
    embed = discord.Embed(
        title="Claim to verify" if verbatim else plain(claim.statement, limits.TITLE),
        description=quoted(claim.quote, 3000),
        colour=ORANGE,
    )
    kinds = flag_kinds(claim.flag_kinds)
    why = "\n".join(f"• {plain(r, 400)}" for r in claim.reasons) or "—"
    embed.add_field(name=f"Why it is flagged ({kinds})",
                    value=limits.clip(why, limits.FIELD_VALUE), inline=False)
    who, how = on_whose_word(claim.claimant, claim.sourcing)
    word = " · ".join(p for p in (who, how) if p) or "no source given"
    embed.add_field(name="On the word of", value=plain(word, 300), inline=False)
    verdict = f"{STATUS_MARK[claim.status]} **{claim.status.label}**"
    if claim.history:
        lines = [
            f"{entry.status.label} — {plain(entry.by.label, 40)}, "
            f"{entry.at:%Y-%m-%d %H:%M} UTC"
            + (f": “{plain(entry.note, 200)}”" if entry.note else "")
            for entry in claim.history[-HISTORY_SHOWN:]
        ]
        verdict += "\n" + "\n".join(lines)
    embed.add_field(name="Verdict", value=limits.clip(verdict, limits.FIELD_VALUE),
                    inline=False)
    if analysis_url:
        embed.add_field(name="Analysis", value=f"[Back to the analysis]({analysis_url})",
                        inline=False)
    embed.set_footer(text=f"claim {claim.id}")
    return embed
