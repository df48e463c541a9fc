"""A check's first screen as one Discord message: embeds within Discord's limits.

What is shown and in what order is the core's (`bot.presentation`): the title with the
status line first, each flagged item once (the claim it concerns folded in) with its
verdict and thread, the responses, the top claims, and the engine line as the footer.
The message is re-rendered after every verdict, so each flagged item gets a fixed share
of the 6,000 characters whatever its verdict line says; items beyond
`CONCERNS_SHOWN` are reached through the "Discuss another…" menu and "Full analysis".
"""

from __future__ import annotations

import discord

from bot import presentation
from bot.presentation import ClaimLine, Concern, Presentation, Response, present
from bot.records import CheckResult, ClaimStatus, FlaggedClaim
from handlers.discord_bot import limits
from handlers.discord_bot.markup import no_markdown
from handlers.discord_bot.packing import Entry, Packer, Section

BLURPLE, GREY, GREEN, ORANGE = 0x5865F2, 0x99AAB5, 0x57F287, 0xE67E22
FOOTER_RESERVE = 400
CONCERNS_SHOWN = 10  # flagged items on the first screen; the rest through the menu
CONCERN_BUDGET = 3300  # characters for the flagged items, shared out evenly
RESPONSE_BUDGET = 1100
CLAIM_BUDGET = 700
STATUS_LINE = 120  # the verdict line's share of a flagged entry, whatever the verdict

STATUS_MARK = {
    ClaimStatus.OPEN: "⚪",
    ClaimStatus.VERIFIED: "✅",
    ClaimStatus.FALSE: "❌",
    ClaimStatus.MISLEADING: "⚠️",
    ClaimStatus.UNVERIFIABLE: "❔",
    ClaimStatus.NEEDS_CONTEXT: "📎",
}


def plain(text: str, limit: int) -> str:
    """Article text shown as written: its *, _, ` and [links](…) are not Markdown here."""
    return limits.shorten(no_markdown(text), limit)


def quoted(text: str, limit: int) -> str:
    """Article words in quote marks (never doubled), at most `limit` characters."""
    return presentation.quoted(plain(text, max(limit - 2, 1)))


def status_line(claim: FlaggedClaim) -> str:
    line = f"{STATUS_MARK[claim.status]} **{claim.status.label}**"
    if claim.history:
        last = claim.history[-1]
        line += f" — {plain(last.by.label, 32)}, {last.at:%Y-%m-%d %H:%M} UTC"
    if claim.thread is not None:
        line += f" · <#{claim.thread.thread}>"
    return limits.shorten(line, STATUS_LINE)


def on_whose_word(who: str | None, how: str) -> str:
    if who:
        return f"on the word of **{plain(who, 100)}**" + (f" ({how})" if how else "")
    return how


def concern_entry(concern: Concern, share: int) -> Entry:
    """An entry of at most `share` characters, whatever the verdict line says: the quote
    gets what the other lines leave."""
    name = f"⚑{concern.number} · {concern.kinds}"
    said = on_whose_word(concern.who, concern.how)
    extra = []
    if concern.statement:
        extra.append(plain(concern.statement, 200))
    if concern.reasons:
        extra.append(plain("; ".join(concern.reasons), 150))
    if concern.response:
        extra.append(plain(f"↳ Response: {concern.response}", 200))
    used = len(name) + len(said) + sum(len(line) + 1 for line in extra) + STATUS_LINE + 8
    line = quoted(concern.quote, max(share - used, 100)) + (f" — {said}" if said else "")
    lines = [*extra[:1], line, *extra[1:]] if concern.statement else [line, *extra]
    if concern.record is not None:
        lines.append(status_line(concern.record))
    return Entry(name, "\n".join(lines))


def response_entry(response: Response, share: int) -> Entry:
    answers = plain(f"→ answers {', '.join(response.answers)}", 300) if response.answers else ""
    name = plain(response.who, 200)
    room = max(share - len(name) - len(answers) - 4, 100)
    return Entry(name, "\n".join(p for p in (quoted(response.quote, room), answers) if p))


def claim_entry(claim: ClaimLine, share: int) -> Entry:
    said = on_whose_word(claim.who, claim.how)
    value = f"{said} · worth checking: {claim.worth}" if said else \
        f"worth checking: {claim.worth}"
    return Entry(quoted(claim.quote, min(share // 2, limits.FIELD_NAME)),
                 plain(claim.statement, share // 2) + "\n" + value if claim.statement
                 else value)


def header(shown: Presentation, url: str | None) -> discord.Embed:
    embed = discord.Embed(title=plain(shown.title, limits.TITLE),
                          description=f"**{shown.status}**", colour=BLURPLE)
    if shown.notice:
        embed.description = f"**{shown.status}**\n⚠️ {shown.notice}"
    if url and url.startswith(("http://", "https://")):
        embed.url = url
    if shown.byline:
        embed.set_author(name=limits.shorten(" · ".join(shown.byline), limits.AUTHOR))
    return embed


def render_check(result: CheckResult) -> list[discord.Embed]:
    """The first screen: one message's embeds."""
    shown = present(result)
    packer = Packer(max_messages=1, reserve=FOOTER_RESERVE)
    packer.add_embed(header(shown, result.analysis.article.canonical_url))
    concerns = shown.concerns[:CONCERNS_SHOWN]
    share = min(limits.FIELD_VALUE, CONCERN_BUDGET // max(len(concerns), 1))
    description = ("Press **Discuss** to open a thread for an item and record a verdict."
                   if concerns and shown.discussable else None)
    packer.add_section(Section(
        title=f"To verify ({len(shown.concerns)})", colour=ORANGE, noun="to verify",
        entries=[concern_entry(c, share) for c in concerns],
        empty="Nothing in this article rests on a source that needs checking.",
        description=description,
    ))
    if shown.responses:
        each = RESPONSE_BUDGET // len(shown.responses)
        packer.add_section(Section(
            title=f"Responses ({len(shown.responses)})", colour=GREEN, noun="responses",
            entries=[response_entry(r, each) for r in shown.responses]))
    if shown.top_claims:
        more = f" · {shown.claims_not_shown} more in the full analysis" \
            if shown.claims_not_shown else ""
        each = CLAIM_BUDGET // len(shown.top_claims)
        packer.add_section(Section(
            title=f"Top claims{more}", colour=GREY, noun="claims",
            entries=[claim_entry(c, each) for c in shown.top_claims]))
    embeds = packer.finish()[0]
    footer = shown.engine
    rest = len(shown.concerns) - len(concerns)
    if rest:
        footer = f"… and {rest} more to verify: “Discuss another…” or Full analysis · {footer}"
    embeds[-1].set_footer(text=limits.shorten(footer, FOOTER_RESERVE))
    return embeds
