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
from bot.digest_layout import DigestList, ListKind, article_title, by_status, digest_lists
from bot.digest_layout import articles as listed_articles
from bot.digest_layout import checkers as listed_checkers
from bot.digest_layout import entries as layout_entries
from bot.windows import window_label
from handlers.slack_app.blocks import FALLBACK_CHARS, Block, header, pack, section
from handlers.slack_app.ids import PLATFORM
from handlers.slack_app.render import STATUS_MARK, Message, quoted
from handlers.slack_app.text import escape, flat, link, shorten, when

LIST_BLOCKS = 3  # sections per list at most
STATEMENT = 300  # characters of a claim's statement
REASONS = 300
NOTE = 200
URL_MAX = 500  # longer addresses are not linked (a link cut short would break the markup)

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
    for listed in digest_lists(digest):
        blocks.extend(pack(entries(listed), f"*{listed.title} ({listed.total})*", LIST_BLOCKS,
                           listed.noun, total=listed.total))
    fallback = f"{title}: " + " ".join(flat(line) for line in summary(digest)[1:3])
    return Message(text=shorten(fallback, FALLBACK_CHARS), blocks=blocks)


def entries(listed: DigestList) -> list[str]:
    return layout_entries(listed, verdict_entry, {
        ListKind.FLAGGED: flagged_entry, ListKind.OPEN: open_entry,
        ListKind.REPEATED: repeated_entry})


def span(digest: Digest) -> str:
    return f"{when(digest.start)} to {when(digest.end)}"


def empty_line(digest: Digest, title: str) -> str:
    still = (f" {digest.open_total} claim{plural(digest.open_total)} still open."
             if digest.open_total else "")
    return f"*{escape(title)}* ({span(digest)}): nothing was checked, flagged or settled.{still}"


def plural(count: int) -> str:
    return "" if count == 1 else "s"


def summary(digest: Digest) -> list[str]:
    named, others = listed_checkers(digest)
    who = ", ".join(f"{escape(shorten(name, 40))} ({count})" for name, count in named)
    if others:
        who += f" and {others} more"
    statuses = by_status(digest)
    articles_checked = digest.articles_checked
    lines = [
        span(digest),
        f"*{digest.checks} check{plural(digest.checks)}* of {articles_checked} "
        f"article{plural(articles_checked)}" + (f" by {who}" if who else ""),
        f"*{digest.flagged_total} flagged* · *{digest.verdicts_total} "
        f"verdict{plural(digest.verdicts_total)}*" + (f" ({statuses})" if statuses else "")
        + f" · *{digest.open_total} still open*",
    ]
    if digest.tokens_in or digest.tokens_out:
        lines.append(f"Model use: {digest.tokens_in:,} + {digest.tokens_out:,} tokens, "
                     f"${digest.cost_usd:.4f}")
    return lines


def articles(digest: Digest) -> list[str]:
    lines = ["*Articles checked*"]
    shown = listed_articles(digest)
    lines.extend(article_line(a) for a in shown)
    more = digest.articles_checked - len(shown)
    if more > 0:
        lines.append(f"_… and {more} more article{plural(more)}_")
    return lines


def article_line(article: DigestArticle) -> str:
    name = escape(shorten(article_title(article), 150))
    checks = f" ({article.checks} checks)" if article.checks > 1 else ""
    url = article.url or ""
    if url.startswith(("http://", "https://")) and len(url) <= URL_MAX:
        return f"• {link(url, name)}{checks}"
    return f"• {name}{checks}"


def thread(claim: DigestClaim) -> str:
    """A link to the claim's discussion thread, when it has one on Slack."""
    ref = claim.thread
    if ref is None or ref.platform != PLATFORM or not ref.url:
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
