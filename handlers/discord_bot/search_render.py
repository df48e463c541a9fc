"""Search results as one Discord embed: each hit's verdict, thread and article.

Outside text is shown as written (`markup.no_markdown`: no Markdown, no masked links);
a thread is a channel mention (`<#id>`), which opens it and pings no one.
"""

from __future__ import annotations

import discord

from bot.desk_search import HitKind, SearchHit, SearchResult
from bot.records import ClaimStatus
from handlers.discord_bot import limits
from handlers.discord_bot.render import BLURPLE, STATUS_MARK, plain, quoted

STATEMENT = 260
TITLE = 90
ENTRY = 380  # each hit's share of the description (10 hits fit 4,096 characters)


def verdict_text(hit: SearchHit) -> str:
    status = hit.status or ClaimStatus.OPEN
    if status is ClaimStatus.OPEN or hit.verdict is None:
        return f"{STATUS_MARK[status]} open"
    return (f"{STATUS_MARK[status]} **{status.label}** — {plain(hit.verdict.by.label, 32)}, "
            f"{discord.utils.format_dt(hit.verdict.at, 'd')}")


def article_text(url: str | None, title: str | None) -> str | None:
    label = plain(title or url or "", TITLE)
    if url and url.startswith(("http://", "https://")) and len(url) < 500:
        return f"[{label or 'article'}](<{url}>)"
    return label or None


def hit_entry(hit: SearchHit) -> str:
    if hit.kind is HitKind.CLAIM:
        parts = [verdict_text(hit)]
        if hit.thread is not None:
            parts.append(f"<#{hit.thread.thread}>")
        article = article_text(hit.article_url, hit.article_title)
        if article:
            parts.append(article)
        text = f"{quoted(hit.text, STATEMENT)}\n{' · '.join(parts)}"
    else:
        name = article_text(hit.article_url, hit.text) or "pasted article"
        noun = "claim" if hit.claims == 1 else "claims"
        text = (f"📰 {name}\nchecked {discord.utils.format_dt(hit.at, 'd')} · "
                f"{hit.claims} flagged {noun}")
    return limits.shorten(text, ENTRY)


def describe_query(result: SearchResult) -> str:
    query = result.query
    words = [f"“{plain(query.text, 100)}”"]
    if query.status is not None:
        words.append(f"status {query.status.label}")
    if query.since is not None:
        words.append(f"since {discord.utils.format_dt(query.since, 'd')}")
    return ", ".join(words)


def render_search(result: SearchResult) -> discord.Embed | str:
    """An embed, newest first; a line of text when nothing matches."""
    described = describe_query(result)
    if not result.hits:
        return f"Nothing on the desk matches {described}."
    lines = [hit_entry(hit) for hit in result.hits]
    if result.more:
        lines.append("*More match: add words, a status or a time to narrow the search.*")
    return discord.Embed(title=limits.shorten(f"Search: {plain(result.query.text, 100)}",
                                              limits.TITLE),
                         description=limits.clip("\n\n".join(lines), limits.DESCRIPTION),
                         colour=BLURPLE).set_footer(text="newest first")
