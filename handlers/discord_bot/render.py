"""A check's result as Discord embeds: the article's claims and denials, then what to verify.

A check is posted as two parts. The *details* (title and site, summary, claims with
claimant and sourcing, denials) never change, and may run over several messages. The
*desk message* (the attributions to verify, each with its verdict and thread, the Discuss
buttons and the engine footer) is the one re-rendered after a verdict, so it is one
message whose size does not depend on the verdicts: each flagged item gets a fixed share
of the 6,000 characters, sized from how many there are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import discord

from bot.flagged import flagged_units
from bot.models import Analysis, Claim, Denial
from bot.records import CheckResult, ClaimStatus, FlaggedClaim
from bot.report import denial_line, engine_line
from handlers.discord_bot import limits
from handlers.discord_bot.markup import no_markdown
from handlers.discord_bot.packing import Entry, Packer, Section
from handlers.discord_bot.seen_before import LINE as SEEN_LINE
from handlers.discord_bot.seen_before import seen_before_line

BLURPLE, GREY, GREEN, ORANGE = 0x5865F2, 0x99AAB5, 0x57F287, 0xE67E22
DETAIL_MESSAGES = 3  # claims and denials beyond these messages are summed up
FOOTER_RESERVE = 400
DESK_BUDGET = limits.EMBED_TOTAL - FOOTER_RESERVE - 600  # room for flagged entries
STATUS_LINE = 120  # the verdict line's share of a flagged entry, whatever the verdict

STATUS_MARK = {
    ClaimStatus.OPEN: "⚪",
    ClaimStatus.VERIFIED: "✅",
    ClaimStatus.FALSE: "❌",
    ClaimStatus.MISLEADING: "⚠️",
    ClaimStatus.UNVERIFIABLE: "❔",
    ClaimStatus.NEEDS_CONTEXT: "📎",
}


@dataclass
class Rendered:
    details: list[list[discord.Embed]]  # one list of embeds per message
    desk: list[discord.Embed]  # the message with the Discuss buttons


def plain(text: str, limit: int) -> str:
    """Article text shown as written: its *, _, ` and [links](…) are not Markdown here."""
    return limits.shorten(no_markdown(text), limit)


def quoted(text: str, limit: int) -> str:
    return "“" + plain(text, max(limit - 2, 1)) + "”"


def _words(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().lower()


def same_words(statement: str, quote: str) -> bool:
    """Whether a statement only repeats its quote (then the quote is not shown twice)."""
    return _words(statement) == _words(quote)


def render_check(result: CheckResult) -> Rendered:
    return Rendered(details=render_details(result.analysis), desk=render_desk(result))


# ------------------------------------------------------------------ details


def render_details(analysis: Analysis) -> list[list[discord.Embed]]:
    packer = Packer(max_messages=DETAIL_MESSAGES)
    packer.add_embed(header(analysis))
    packer.add_section(Section(
        title=f"Claims ({len(analysis.claims)})", colour=GREY, noun="claims",
        entries=[claim_entry(i, c) for i, c in enumerate(analysis.ranked_claims(), 1)],
    ))
    packer.add_section(Section(
        title=f"Denials and responses ({len(analysis.denials)})", colour=GREEN,
        noun="denials", entries=[denial_entry(d) for d in analysis.denials],
    ))
    return packer.finish()


def header(analysis: Analysis) -> discord.Embed:
    meta = analysis.article
    title = meta.title or meta.canonical_url or "Pasted article"
    embed = discord.Embed(
        title=plain(title, limits.TITLE),
        description=plain(analysis.summary, 1500) or "(no summary)",
        colour=BLURPLE,
    )
    if meta.canonical_url and meta.canonical_url.startswith(("http://", "https://")):
        embed.url = meta.canonical_url
    byline = " · ".join(p for p in (meta.site, meta.author, meta.date) if p)
    if byline:
        embed.set_author(name=limits.shorten(byline, limits.AUTHOR))
    return embed


def claim_entry(number: int, claim: Claim) -> Entry:
    who = claim.claimant or "unattributed"
    value = (f"On the word of: **{plain(who, 120)}** · {claim.sourcing.value} · "
             f"check-worthiness {claim.checkworthy:.1f}")
    if same_words(claim.statement, claim.quote.text):  # the quote is the statement
        return Entry(f"{number}. {quoted(claim.quote.text, 240)}", value)
    value = f"{quoted(claim.quote.text, 700)}\n{value}"
    return Entry(f"{number}. {plain(claim.statement, 200)}", value)


def denial_entry(denial: Denial) -> Entry:
    return Entry(plain(denial_line(denial), 200), quoted(denial.quote.text, 900))


# ------------------------------------------------------------------ the desk message


@dataclass
class DeskItem:
    """One thing to verify as the desk message shows it."""

    statement: str
    quote: str
    claimant: str | None
    kinds: list[str]
    reasons: list[str]
    claim: FlaggedClaim | None = None  # None when the check was not saved
    seen_before: FlaggedClaim | None = None  # the earlier claim it rewords


def desk_items(result: CheckResult) -> list[DeskItem]:
    """The flagged claims of a saved check; a check not saved shows the analysis' flags."""
    if result.flagged:
        return [
            DeskItem(item.claim.statement, item.claim.quote, item.claim.claimant,
                     [k.value for k in item.claim.flag_kinds], item.claim.reasons, item.claim,
                     item.seen_before)
            for item in result.flagged
        ]
    return [
        DeskItem(u.statement, u.quote, u.claimant, [k.value for k in u.flag_kinds], u.reasons)
        for u in flagged_units(result.analysis)
    ]


def status_line(claim: FlaggedClaim) -> str:
    line = f"{STATUS_MARK[claim.status]} **{claim.status.label}**"
    if claim.history:
        last = claim.history[-1]
        line += f" — {plain(last.by.label, 32)}, {last.at:%Y-%m-%d %H:%M} UTC"
    if claim.thread is not None:
        line += f" · <#{claim.thread.thread}>"
    return limits.shorten(line, STATUS_LINE)


def desk_entry(number: int, item: DeskItem, share: int) -> Entry:
    """An entry of at most `share` characters, whatever the verdict line says."""
    body = max(share - STATUS_LINE, 90)
    verbatim = same_words(item.statement, item.quote)
    shown = quoted if verbatim else plain
    name = f"{number}. {shown(item.statement, min(240, body // 3))}"
    kinds = ", ".join(k.replace("_", " ") for k in item.kinds)
    why = "; ".join(item.reasons)
    room = max(body - len(name) - (SEEN_LINE if item.seen_before else 0), 60)
    lines = [] if verbatim else [quoted(item.quote, room // 2)]
    lines.append(plain(f"⚑ {kinds}: {why}", room // 2))
    if item.claimant:
        lines.append(f"On the word of: {plain(item.claimant, 60)}")
    if item.claim is not None:
        lines.append(status_line(item.claim))
    seen = seen_before_line(item.seen_before)
    if seen:
        lines.append(seen)
    return Entry(name, "\n".join(lines))


def render_desk(result: CheckResult) -> list[discord.Embed]:
    items = desk_items(result)
    share = min(600, DESK_BUDGET // max(len(items), 1))
    packer = Packer(max_messages=1, reserve=FOOTER_RESERVE)
    description = None
    if result.notice:
        description = f"⚠️ {result.notice}"
    elif items and result.saved:
        description = "Press **Discuss** to open a thread for a claim and record a verdict."
    packer.add_section(Section(
        title=f"Attributions to verify ({len(items)})", colour=ORANGE, noun="to verify",
        entries=[desk_entry(i, item, share) for i, item in enumerate(items, 1)],
        empty="Nothing in this article rests on a source that needs checking.",
        description=description,
    ))
    embeds = packer.finish()[0]
    embeds[-1].set_footer(text=limits.shorten(engine_line(result.analysis), FOOTER_RESERVE))
    return embeds
