"""A digest as Markdown, for the terminal (`factdesk digest`) and anything that takes it."""

from __future__ import annotations

from bot.digest import Digest, DigestClaim
from bot.digest_layout import ListKind, by_status, digest_lists

SHOWN = 10  # a terminal shows a few more than a chat message (`digest_layout.SHOWN`)


def digest_title(digest: Digest) -> str:
    return (f"factdesk digest · {digest.start:%Y-%m-%d %H:%M} to {digest.end:%Y-%m-%d %H:%M} "
            "UTC")


def claim_line(claim: DigestClaim) -> str:
    thread = f" ([thread]({claim.thread.url}))" if claim.thread and claim.thread.url else ""
    return f"{claim.statement}{thread}"


def _claim_item(kind: ListKind, claim: DigestClaim) -> str:
    if kind is ListKind.OPEN:
        return f"since {claim.first_seen:%Y-%m-%d}: {claim_line(claim)}"
    if kind is ListKind.REPEATED:
        return f"{claim.articles} articles: {claim_line(claim)}"
    return claim_line(claim)


def to_markdown(digest: Digest) -> str:
    lines = [f"# {digest_title(digest)}", ""]
    if digest.empty:
        lines.append(
            f"Nothing was checked, flagged or settled. {digest.open_total} claims are still open."
            if digest.open_total else "Nothing was checked, flagged or settled."
        )
        return "\n".join(lines) + "\n"

    who = ", ".join(f"{name} ({count})" for name, count in digest.checkers.items())
    lines.append(f"**{digest.checks} checks** of {digest.articles_checked} articles by {who}.")

    for listed in digest_lists(digest, SHOWN):
        title = listed.title
        if listed.kind is ListKind.VERDICTS:
            statuses = by_status(digest)
            title += f" — {statuses}" if statuses else ""
            items = [f"**{v.status.label}** by {v.by.label}: {claim_line(v.claim)}"
                     + (f" — {v.note}" if v.note else "") for v in listed.verdicts]
        else:
            items = [_claim_item(listed.kind, c) for c in listed.claims]
        lines.extend(["", f"## {title} ({listed.total})"])
        lines.extend(f"- {item}" for item in items)
        if listed.more:
            lines.append(f"- … and {listed.more} more")
    if digest.tokens_in or digest.tokens_out:
        lines.extend(["", f"_Model use: {digest.tokens_in}+{digest.tokens_out} tokens, "
                          f"${digest.cost_usd:.4f}._"])
    return "\n".join(lines) + "\n"
