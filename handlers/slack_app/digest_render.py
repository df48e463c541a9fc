"""A team's digest as one Slack message: Block Kit within Slack's limits, whatever the day.

A header, a summary section (window, checks and who made them, counts, model use), the
articles checked, then one list each for flagged claims, verdicts, claims still open and
claims seen in more than one article. Each list shows its first few entries in at most
`LIST_BLOCKS` sections (`blocks.pack`); everything else — beyond the list, beyond the
digest's own caps — is counted in "… and N more". That keeps a message under 20 blocks
of at most 3,000 characters, far inside Slack's 50. An empty day is one line of text.

Times are Slack dates (`<!date^…>`), which each reader sees in their own time zone.
Text from articles and names is escaped (`text.escape`), so a claim saying "<!channel>"
or "@everyone" shows as text and pings no one. A claim discussed in a thread links to
it (the permalink the desk kept when the thread was opened).
"""

from __future__ import annotations

from bot.digest import Digest, DigestArticle, DigestClaim, DigestVerdict
from bot.scheduler import window_label
from handlers.slack_app.blocks import FALLBACK_CHARS, Block, header, pack, section
from handlers.slack_app.render import STATUS_MARK, Message, quoted
from handlers.slack_app.text import escape, flat, link, shorten, when

SHOWN = 8  # entries per list; the rest are counted
LIST_BLOCKS = 3  # sections per list at most
ARTICLES_SHOWN = 5
CHECKERS_SHOWN = 6
STATEMENT = 300  # characters of a claim's statement
REASONS = 300
NOTE = 200
URL_MAX = 500  # longer addresses are not linked (a link cut short would break the markup)
PASTED_TITLE = 80  # a pasted article is named by this many first characters (bot.digest)

DAILY_TITLE = "factdesk daily digest"


def window_title(window: str) -> str:
    return f"factdesk digest · {window_label(window)}"


def render_digest(digest: Digest, title: str) -> Message:
    if digest.empty:
        line = shorten(empty_line(digest, title), FALLBACK_CHARS)
        return Message(text=line, blocks=[])
    blocks: list[Block] = [header(title), section("\n".join(summary(digest)))]
    if digest.articles:
        blocks.append(section("\n".join(articles(digest))))
    lists = [
        ("Flagged", "flagged claims", digest.flagged_total,
         [flagged_entry(c) for c in digest.flagged[:SHOWN]]),
        ("Verdicts", "verdicts", digest.verdicts_total,
         [verdict_entry(v) for v in digest.verdicts[:SHOWN]]),
        ("Still open, oldest first", "open claims", digest.open_total,
         [open_entry(c) for c in digest.open_claims[:SHOWN]]),
        ("Seen in more than one article", "repeated claims", digest.repeated_total,
         [repeated_entry(c) for c in digest.repeated[:SHOWN]]),
    ]
    for name, noun, total, entries in lists:
        if total:
            blocks.extend(pack(entries, f"*{name} ({total})*", LIST_BLOCKS, noun, total=total))
    fallback = f"{title}: " + " ".join(flat(line) for line in summary(digest)[1:3])
    return Message(text=shorten(fallback, FALLBACK_CHARS), blocks=blocks)


def span(digest: Digest) -> str:
    return f"{when(digest.start)} to {when(digest.end)}"


def empty_line(digest: Digest, title: str) -> str:
    still = (f" {digest.open_total} claim{plural(digest.open_total)} still open."
             if digest.open_total else "")
    return f"*{escape(title)}* ({span(digest)}): nothing was checked, flagged or settled.{still}"


def plural(count: int) -> str:
    return "" if count == 1 else "s"


def summary(digest: Digest) -> list[str]:
    named = list(digest.checkers.items())
    who = ", ".join(f"{escape(shorten(name, 40))} ({count})"
                    for name, count in named[:CHECKERS_SHOWN])
    if len(named) > CHECKERS_SHOWN:
        who += f" and {len(named) - CHECKERS_SHOWN} more"
    by_status = ", ".join(f"{status.replace('_', ' ')} {count}"
                          for status, count in sorted(digest.verdicts_by_status.items()))
    articles_checked = digest.articles_checked
    lines = [
        span(digest),
        f"*{digest.checks} check{plural(digest.checks)}* of {articles_checked} "
        f"article{plural(articles_checked)}" + (f" by {who}" if who else ""),
        f"*{digest.flagged_total} flagged* · *{digest.verdicts_total} "
        f"verdict{plural(digest.verdicts_total)}*" + (f" ({by_status})" if by_status else "")
        + f" · *{digest.open_total} still open*",
    ]
    if digest.tokens_in or digest.tokens_out:
        lines.append(f"Model use: {digest.tokens_in:,} + {digest.tokens_out:,} tokens, "
                     f"${digest.cost_usd:.4f}")
    return lines


def articles(digest: Digest) -> list[str]:
    lines = ["*Articles checked*"]
    shown = digest.articles[:ARTICLES_SHOWN]
    lines.extend(article_line(a) for a in shown)
    more = digest.articles_checked - len(shown)
    if more > 0:
        lines.append(f"_… and {more} more article{plural(more)}_")
    return lines


def article_line(article: DigestArticle) -> str:
    title = flat(article.title or article.url or "Pasted article")
    if article.url is None and len(title) >= PASTED_TITLE:  # the first words of pasted text
        title += "…"
    name = escape(shorten(title, 150))
    checks = f" ({article.checks} checks)" if article.checks > 1 else ""
    url = article.url or ""
    if url.startswith(("http://", "https://")) and len(url) <= URL_MAX:
        return f"• {link(url, name)}{checks}"
    return f"• {name}{checks}"


def thread(claim: DigestClaim) -> str:
    """A link to the claim's discussion thread, when it has one on Slack."""
    ref = claim.thread
    if ref is None or ref.platform != "slack" or not ref.url:
        return ""
    if not ref.url.startswith("https://") or len(ref.url) > URL_MAX:
        return ""
    return f" · {link(ref.url, 'thread')}"


def mark(claim: DigestClaim) -> str:
    return f"{STATUS_MARK[claim.status]} {claim.status.label}"


def flagged_entry(claim: DigestClaim) -> str:
    seen = f"seen in {claim.articles} article{plural(claim.articles)}"
    line = f"• {quoted(claim.statement, STATEMENT)}\n      {mark(claim)} · {seen}{thread(claim)}"
    if claim.reasons:
        line += f"\n      ⚑ {escape(shorten(flat(' '.join(claim.reasons)), REASONS))}"
    return line


def verdict_entry(verdict: DigestVerdict) -> str:
    by = escape(shorten(flat(verdict.by.label), 60))
    line = (f"• {STATUS_MARK[verdict.status]} *{verdict.status.label}* by {by}, "
            f"{when(verdict.at)}{thread(verdict.claim)}\n"
            f"      {quoted(verdict.claim.statement, STATEMENT)}")
    if verdict.note:
        line += f"\n      _{escape(shorten(flat(verdict.note), NOTE))}_"
    return line


def open_entry(claim: DigestClaim) -> str:
    since = when(claim.first_seen, "{date_short}")
    return f"• {quoted(claim.statement, STATEMENT)}\n      open since {since}{thread(claim)}"


def repeated_entry(claim: DigestClaim) -> str:
    return (f"• {quoted(claim.statement, STATEMENT)}\n      in {claim.articles} articles · "
            f"{mark(claim)}{thread(claim)}")
