"""The desk at a glance (`bot.desk_home`) as one Discord message: embeds and buttons.

One embed: this week's verdicts by status, the open claims oldest first, the reader's
open discussions, the latest checks. A claim under discussion links to its thread
(`<#id>`, which opens it and pings no one). The first claims shown that have a thread
(at most `BUTTON_ROWS`) get a row of verdict buttons each — the persistent buttons of
the claim's card (`views.VerdictButton`), labelled with the claim's number in the list.
"""

from __future__ import annotations

import discord

from bot.desk_home import DeskGlance
from bot.records import CheckRecord, FlaggedClaim
from handlers.discord_bot import limits
from handlers.discord_bot.render import BLURPLE, STATUS_MARK, quoted
from handlers.discord_bot.search_render import article_text
from handlers.discord_bot.views import VERDICTS, VerdictButton

STATEMENT = 160
BUTTON_ROWS = 5
FIELD_ENTRIES = 6  # entries per field (each at most FIELD_VALUE characters in all)


def claim_line(number: int, claim: FlaggedClaim) -> str:
    where = f" · <#{claim.thread.thread}>" if claim.thread is not None else ""
    latest = claim.sightings[-1] if claim.sightings else None
    article = article_text(latest.canonical_url, latest.title) if latest else None
    seen = discord.utils.format_dt(claim.first_seen, "d")
    return (f"**{number}.** {quoted(claim.statement, STATEMENT)} — since {seen}{where}"
            + (f" · {article}" if article and not where else ""))


def check_line(check: CheckRecord) -> str:
    name = article_text(check.canonical_url, check.title or check.input) or "pasted article"
    return (f"📰 {name} · {discord.utils.format_dt(check.at, 'R')} · "
            f"{len(check.claim_ids)} flagged")


def _field(lines: list[str], empty: str) -> str:
    if not lines:
        return empty
    kept: list[str] = []
    for line in lines[:FIELD_ENTRIES]:
        if len("\n".join([*kept, line])) > limits.FIELD_VALUE - 40:
            break
        kept.append(line)
    rest = len(lines) - len(kept)
    return "\n".join(kept) + (f"\n*… and {rest} more*" if rest else "")


def render_glance(glance: DeskGlance) -> tuple[discord.Embed, discord.ui.View | None]:
    counts = " · ".join(f"{STATUS_MARK[s]} {s.label} **{n}**"
                        for s, n in glance.week_counts.items()) or "none yet"
    embed = discord.Embed(
        title="factdesk · the desk at a glance", colour=BLURPLE,
        description=(f"**This week's verdicts ({glance.week_total})** since "
                     f"{discord.utils.format_dt(glance.week_start, 'd')}: {counts}"))
    numbered = list(enumerate(glance.open_claims, 1))
    embed.add_field(name=f"Open claims, oldest first ({glance.open_total})",
                    value=_field([claim_line(n, c) for n, c in numbered],
                                 "Nothing open: every flagged claim has a verdict."),
                    inline=False)
    embed.add_field(name=f"Your open discussions ({len(glance.mine)})",
                    value=_field([claim_line(n, c) for n, c in enumerate(glance.mine, 1)],
                                 "None: the discussions you open appear here."),
                    inline=False)
    embed.add_field(name="Latest checks",
                    value=_field([check_line(c) for c in glance.latest_checks],
                                 "Nothing checked yet."), inline=False)
    with_threads = [(n, c) for n, c in numbered[:FIELD_ENTRIES] if c.thread is not None]
    if not with_threads:
        return embed, None
    view = discord.ui.View(timeout=None)
    for row, (number, claim) in enumerate(with_threads[:BUTTON_ROWS]):
        for status, label, _style in VERDICTS:
            button = VerdictButton(claim.id, status)
            button.item.label = limits.shorten(f"{number} · {label}", limits.BUTTON_LABEL)
            button.item.row = row
            view.add_item(button)
    embed.set_footer(text="Buttons: the verdict of the open claim with that number.")
    return embed, view
