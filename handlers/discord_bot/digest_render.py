"""A team's digest as one Discord message: a summary embed, then what was flagged and settled.

One message, whatever the day held: each list shows its first few entries and the packer
(`packing.Packer`) keeps the message within Discord's limits; what is not shown, from
the list or beyond the digest's own caps, is counted in "… and N more". An empty day is
a single line of text. Times are Discord timestamps (`<t:…>`), which each reader sees in
their own time zone. Text from articles (claim statements, reasons) and names are
escaped: Markdown is not interpreted and "@everyone" is defused, on top of the
no-mentions setting every message is sent with.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

import discord

from bot.digest import Digest, DigestArticle, DigestClaim, DigestVerdict
from bot.digest_layout import DigestList, ListKind, article_title, by_status, digest_lists
from bot.digest_layout import articles as listed_articles
from bot.digest_layout import checkers as listed_checkers
from bot.digest_layout import entries as layout_entries
from bot.errors import InputError
from bot.ingest.canonical import ascii_host
from bot.windows import window_label
from handlers.discord_bot import limits
from handlers.discord_bot.markup import no_markdown
from handlers.discord_bot.packing import NOTE_RESERVE, Entry, Packer, Section
from handlers.discord_bot.render import BLURPLE, GREEN, GREY, ORANGE, STATUS_MARK

NAME = 150  # a claim's statement as a field name
NOTE = 160  # "… and N more flagged claims, N more verdicts, …": kept free in the message
SUMMARY = 1200  # the summary embed's description
MORE_ROOM = 40  # kept free in the summary for "… and N more articles"
#: What the lists share: a message's 6,000 characters, less the note and the packer's
#: own margin (`packing.NOTE_RESERVE`, and some for embeds' titles it may repeat).
BUDGET = limits.EMBED_TOTAL - NOTE - NOTE_RESERVE - 120


@dataclass
class DigestMessage:
    """What to send: a line of text (an empty day) or embeds."""

    content: str | None
    embeds: list[discord.Embed]


def safe(text: str, limit: int) -> str:
    """Article text or a name, shown as written: no Markdown, no mass mention."""
    return limits.shorten(discord.utils.escape_mentions(no_markdown(text)), limit)


def window_title(window: str) -> str:
    return f"factdesk digest · {window_label(window)}"


def span(digest: Digest) -> str:
    start = discord.utils.format_dt(digest.start, "f")
    end = discord.utils.format_dt(digest.end, "f")
    return f"{start} to {end}"


def render_digest(digest: Digest, title: str) -> DigestMessage:
    if digest.empty:
        return DigestMessage(content=empty_line(digest, title), embeds=[])
    lists = [(Section(listed.title, COLOURS[listed.kind], listed.noun, entries(listed)),
              listed.total) for listed in digest_lists(digest)]
    packer = Packer(max_messages=1, reserve=NOTE)
    head = summary(digest, title)
    packer.add_embed(head)
    room = BUDGET - len(head)
    more: list[tuple[int, str]] = []
    for position, (section, total) in enumerate(lists):
        share = room // (len(lists) - position)  # what a short list leaves, the next gets
        section.title = f"{section.title} ({total})"
        section.empty = "Not listed here."
        section.entries = within(section.entries, share - len(section.title))
        room -= len(section.title) + sum(len(entry) for entry in section.entries)
        left = packer.add_section(section)  # 0 unless the packer's own margins differ
        packer.omitted.clear()  # counted here instead, in one note for all the lists
        more.append((left + total - len(section.entries), section.noun))
    embeds = packer.finish()[0]
    note = ", ".join(f"{count} more {noun}" for count, noun in more if count > 0)
    if note:
        embeds[-1].add_field(name="…", value=limits.shorten(f"… and {note}", NOTE),
                             inline=False)
    return DigestMessage(content=None, embeds=embeds)


COLOURS = {ListKind.FLAGGED: ORANGE, ListKind.VERDICTS: GREEN, ListKind.OPEN: GREY,
           ListKind.REPEATED: BLURPLE}


def entries(listed: DigestList) -> list[Entry]:
    return layout_entries(listed, verdict_entry, {
        ListKind.FLAGGED: flagged_entry, ListKind.OPEN: open_entry,
        ListKind.REPEATED: repeated_entry})


def verdict_entry(v: DigestVerdict) -> Entry:
    return Entry(safe(v.claim.statement, NAME),
                 f"{STATUS_MARK[v.status]} **{v.status.label}** by {safe(v.by.label, 60)}, "
                 f"{discord.utils.format_dt(v.at, 'f')}"
                 + (f"\n“{safe(v.note, 160)}”" if v.note else "") + thread(v.claim))


def open_entry(c: DigestClaim) -> Entry:
    return Entry(safe(c.statement, NAME),
                 f"open since {discord.utils.format_dt(c.first_seen, 'D')}" + thread(c))


def repeated_entry(c: DigestClaim) -> Entry:
    return Entry(safe(c.statement, NAME),
                 f"in {c.articles} articles · {STATUS_MARK[c.status]} {c.status.label}"
                 + thread(c))


def within(entries: list[Entry], budget: int) -> list[Entry]:
    """The first entries (cut to Discord's field limits) that fit in `budget` characters."""
    kept: list[Entry] = []
    for entry in entries:
        clipped = entry.clipped()
        if len(clipped) > budget:
            break
        kept.append(clipped)
        budget -= len(clipped)
    return kept


def empty_line(digest: Digest, title: str) -> str:
    still = (f" {digest.open_total} claim{'s' if digest.open_total != 1 else ''} "
             "still open." if digest.open_total else "")
    line = f"**{title}** ({span(digest)}): nothing was checked, flagged or settled.{still}"
    return limits.shorten(line, limits.CONTENT)


def summary(digest: Digest, title: str) -> discord.Embed:
    named, others = listed_checkers(digest)
    who = ", ".join(f"{safe(name, 40)} ({count})" for name, count in named)
    if others:
        who += f" and {others} more"
    lines = [
        span(digest),
        f"**{digest.checks} check{'s' if digest.checks != 1 else ''}** of "
        f"{digest.articles_checked} article{'s' if digest.articles_checked != 1 else ''}"
        + (f" by {who}" if who else ""),
        f"**{digest.flagged_total} flagged** · **{digest.verdicts_total} "
        f"verdict{'s' if digest.verdicts_total != 1 else ''}**"
        + (f" ({by_status(digest)})" if digest.verdicts_by_status else "")
        + f" · **{digest.open_total} still open**",
    ]
    if digest.tokens_in or digest.tokens_out:
        lines.append(f"Model use: {digest.tokens_in:,} + {digest.tokens_out:,} tokens, "
                     f"${digest.cost_usd:.4f}")
    if digest.articles:
        lines.append("")
        shown = 0
        for article in listed_articles(digest):
            line = article_line(article)
            if len("\n".join(lines)) + len(line) + 1 > SUMMARY - MORE_ROOM:
                break  # the count of the rest must still fit
            lines.append(line)
            shown += 1
        more = digest.articles_checked - shown
        if more > 0:
            lines.append(f"… and {more} more article{'s' if more != 1 else ''}")
    return discord.Embed(title=limits.shorten(title, limits.TITLE),
                         description=limits.clip("\n".join(lines), SUMMARY), colour=BLURPLE)


def article_line(article: DigestArticle) -> str:
    """The article's title, then a link labelled with the host it really goes to.

    The title is never a link's label: a page titled "https://www.bbc.co.uk/news/…"
    would otherwise show that address on a link to its own site.
    """
    name = safe(article_title(article), 120)
    checks = f" ({article.checks} checks)" if article.checks > 1 else ""
    url = article.url or ""
    host = link_host(url) if url.startswith(("http://", "https://")) else None
    if host is not None and len(url) <= 300:
        # parentheses or spaces in the URL would end the masked link early
        target = url.replace("(", "%28").replace(")", "%29").replace(" ", "%20")
        return f"• {name} · [{safe(host, 80)}]({target}){checks}"
    return f"• {name}{checks}"


def link_host(url: str) -> str | None:
    """The host a link goes to, in ASCII (a look-alike Unicode name shows as xn--…)."""
    try:
        host = urlsplit(url).hostname
        return ascii_host(host) if host else None
    except (ValueError, InputError):
        return None


def flagged_entry(claim: DigestClaim) -> Entry:
    why = safe(" ".join(claim.reasons), 160) if claim.reasons else ""
    seen = f"seen in {claim.articles} article{'s' if claim.articles != 1 else ''}"
    value = f"{STATUS_MARK[claim.status]} {claim.status.label} · {seen}" + thread(claim)
    return Entry(safe(claim.statement, NAME), f"⚑ {why}\n{value}" if why else value)


def thread(claim: DigestClaim) -> str:
    """A link to the claim's Discuss thread (a channel mention pings no one)."""
    ref = claim.thread
    if ref is None or ref.platform != "discord" or not ref.thread.isdigit():
        return ""
    return f" · <#{ref.thread}>"
