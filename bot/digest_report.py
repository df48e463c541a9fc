"""A digest as Markdown, for the terminal (`factdesk digest`) and anything that takes it."""

from __future__ import annotations

from bot.digest import Digest, DigestClaim

SHOWN = 10


def digest_title(digest: Digest) -> str:
    return (f"factdesk digest · {digest.start:%Y-%m-%d %H:%M} to {digest.end:%Y-%m-%d %H:%M} "
            "UTC")


def claim_line(claim: DigestClaim) -> str:
    thread = f" ([thread]({claim.thread.url}))" if claim.thread and claim.thread.url else ""
    return f"{claim.statement}{thread}"


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

    def section(title: str, total: int, items: list[str]) -> None:
        lines.extend(["", f"## {title} ({total})"])
        lines.extend(f"- {item}" for item in items[:SHOWN])
        if total > min(len(items), SHOWN):
            lines.append(f"- … and {total - min(len(items), SHOWN)} more")
        if not total:
            lines.append("None.")

    section("Flagged", digest.flagged_total, [claim_line(c) for c in digest.flagged])
    by_status = ", ".join(f"{status.replace('_', ' ')}: {count}"
                          for status, count in sorted(digest.verdicts_by_status.items()))
    section(
        f"Verdicts{f' — {by_status}' if by_status else ''}", digest.verdicts_total,
        [f"**{v.status.label}** by {v.by.label}: {claim_line(v.claim)}" for v in digest.verdicts],
    )
    section("Still open, oldest first", digest.open_total,
            [f"since {c.first_seen:%Y-%m-%d}: {claim_line(c)}" for c in digest.open_claims])
    section("Seen in more than one article", digest.repeated_total,
            [f"{c.articles} articles: {claim_line(c)}" for c in digest.repeated])
    if digest.tokens_in or digest.tokens_out:
        lines.extend(["", f"_Model use: {digest.tokens_in}+{digest.tokens_out} tokens, "
                          f"${digest.cost_usd:.4f}._"])
    return "\n".join(lines) + "\n"
