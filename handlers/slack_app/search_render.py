"""Search results as one Slack message: each hit's verdict, thread and article.

A claim: its statement quoted, its verdict (who, when) or "open", a link to its
discussion thread and to the latest article it was seen in. A checked article: its title
linked, when it was checked and how many claims it flagged. Outside text is escaped
(`text.escape`), so nothing found can ping anyone.
"""

from __future__ import annotations

from bot.desk_search import HitKind, SearchHit, SearchResult
from bot.records import ClaimStatus
from handlers.slack_app.blocks import section
from handlers.slack_app.render import STATUS_MARK, Message, quoted
from handlers.slack_app.text import escape, flat, link, shorten, when

STATEMENT = 300
TITLE = 90
URL_MAX = 500


def verdict_text(hit: SearchHit) -> str:
    status = hit.status or ClaimStatus.OPEN
    mark = STATUS_MARK[status]
    if status is ClaimStatus.OPEN or hit.verdict is None:
        return f"{mark} open"
    return (f"{mark} *{status.label}* — {escape(hit.verdict.by.label)}, "
            f"{when(hit.verdict.at, '{date_short}')}")


def article_link(url: str | None, title: str | None) -> str | None:
    label = escape(shorten(flat(title or url or ""), TITLE))
    if url and len(url) <= URL_MAX:
        return link(url, label)
    return label or None


def hit_entry(hit: SearchHit) -> str:
    if hit.kind is HitKind.CLAIM:
        parts = [verdict_text(hit)]
        if hit.thread is not None and hit.thread.url:
            parts.append(link(hit.thread.url, "thread"))
        article = article_link(hit.article_url, hit.article_title)
        if article:
            parts.append(article)
        return f"{quoted(hit.text, STATEMENT)}\n{' · '.join(parts)}"
    name = article_link(hit.article_url, hit.text) or "pasted article"
    noun = "claim" if hit.claims == 1 else "claims"
    return (f":newspaper: {name}\nchecked {when(hit.at, '{date_short}')} · "
            f"{hit.claims} flagged {noun}")


def describe_query(result: SearchResult) -> str:
    query = result.query
    words = [f"“{escape(shorten(flat(query.text), 100))}”"]
    if query.status is not None:
        words.append(f"status {query.status.label}")
    if query.since is not None:
        words.append(f"since {when(query.since, '{date_short}')}")
    return ", ".join(words)


def render_search(result: SearchResult) -> Message:
    """Newest first; "more" says to narrow the search when the page is full."""
    described = describe_query(result)
    if not result.hits:
        text = f"Nothing on the desk matches {described}."
        return Message(text=text, blocks=[])
    title = f"*Search: {described}* — newest first"
    blocks = [section(title)]
    blocks.extend(section(hit_entry(hit)) for hit in result.hits)
    if result.more:
        blocks.append(section("_More match: add words, `status:…` or `since:…` to narrow "
                              "the search._"))
    text = f"{len(result.hits)} results for {flat(result.query.text)[:100]}"
    return Message(text=text, blocks=blocks)
