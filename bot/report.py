"""An analysis as text for people: plain text for a terminal, or Markdown.

Platform-free: chat handlers render with their own means (Block Kit, embeds); this is
for the command line and anything that takes Markdown.
"""

from __future__ import annotations

import re

from bot.labels import DENIAL_KIND, FLAG_KIND, on_whose_word, quoted, worth_checking
from bot.models import Analysis, Denial


def denial_line(denial: Denial) -> str:
    """"Jonathan Conricus (IDF spokesman, official) — denial, first-hand, told France 24".

    A role or organisation the name already spells out is not repeated: "Israel
    (official)", not "Israel (Israel, official)"."""
    who = denial.by
    details = [
        part for part in (denial.role, denial.organization) if part and not _within(part, who)
    ]
    if denial.official:
        details.append("official")
    if details:
        who += f" ({', '.join(details)})"
    how = [DENIAL_KIND[denial.kind], "first-hand" if denial.firsthand else "reported"]
    if denial.venue:
        how.append(f"to {denial.venue}" if not denial.venue.startswith(("to ", "in ", "on "))
                   else denial.venue)
    return f"{who} — {', '.join(how)}"


def _within(part: str, whole: str) -> bool:
    """Is `part` already in `whole`, as whole words, ignoring case and spacing?"""
    flat = " ".join(part.split())
    pattern = r"(?<!\w)" + re.escape(flat).replace(r"\ ", r"\s+") + r"(?!\w)"
    return re.search(pattern, whole, re.IGNORECASE) is not None


def engine_line(analysis: Analysis) -> str:
    engine = analysis.engine
    cache = "cached" if engine.cached else f"cache: {engine.cache.value}"
    parts = [f"{engine.analyzer} ({engine.model})", cache]
    if engine.tokens_in or engine.tokens_out:
        parts.append(f"{engine.tokens_in}+{engine.tokens_out} tokens")
    if engine.cost_usd:
        parts.append(f"${engine.cost_usd:.4f}")
    parts.append(f"{engine.elapsed_ms:.0f} ms")
    if engine.dropped:
        parts.append(f"{engine.dropped} unquotable items dropped")
    return " · ".join(parts)


def to_markdown(analysis: Analysis) -> str:
    return _render(analysis, markdown=True)


def to_text(analysis: Analysis) -> str:
    return _render(analysis, markdown=False)


def _render(analysis: Analysis, markdown: bool) -> str:
    meta = analysis.article
    lines: list[str] = []

    def heading(text: str, level: int = 2) -> None:
        if lines:
            lines.append("")
        if markdown:
            lines.append(f"{'#' * level} {text}")
        else:
            lines.append(text.upper() if level == 1 else text)
            lines.append(("=" if level == 1 else "-") * len(text))

    quote = quoted

    bullet = "-" if markdown else "•"
    heading(meta.title or meta.canonical_url or "Pasted article", level=1)
    byline = [p for p in (meta.site, meta.author, meta.date, meta.canonical_url) if p]
    if byline:
        lines.append(" · ".join(byline))

    heading("Summary")
    lines.append(analysis.summary or "(none)")

    heading(f"Claims ({len(analysis.claims)})")
    for claim in analysis.ranked_claims():
        who, how = on_whose_word(claim.claimant, claim.sourcing)
        said = f"on the word of {who} ({how})" if who else how
        lines.append(f"{bullet} {claim.statement}")
        lines.append(f"    {quote(claim.quote.text)} — {said} · "
                     f"worth checking: {worth_checking(claim.checkworthy)}")
    if not analysis.claims:
        lines.append("(none found)")

    heading(f"Denials and responses ({len(analysis.denials)})")
    for denial in analysis.denials:
        lines.append(f"{bullet} {denial_line(denial)}")
        lines.append(f"    {quote(denial.quote.text)}")
    if not analysis.denials:
        lines.append("(none found)")

    heading(f"Attributions to verify ({len(analysis.flags)})")
    for flag in analysis.flags:
        lines.append(f"{bullet} [{FLAG_KIND[flag.kind]}] {quote(flag.quote.text)}")
        lines.append(f"    {flag.why}")
    if not analysis.flags:
        lines.append("(none found)")

    lines.append("")
    lines.append(("_" if markdown else "") + engine_line(analysis) + ("_" if markdown else ""))
    return "\n".join(lines) + "\n"
