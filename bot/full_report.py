"""The complete analysis of a check as one Markdown document: the "Full analysis" file.

Everything the analysis holds, each item with its id and full quote: what needs
attention (with the desk's verdicts and threads), the responses, every claim, every flag
and every attribution, then the engine line. Built once here; each platform only
attaches it (a Slack file, a Discord attachment).
"""

from __future__ import annotations

from bot.labels import FLAG_KIND, on_whose_word, worth_checking
from bot.models import Analysis, SourceType
from bot.presentation import present, quoted
from bot.records import CheckResult, FlaggedClaim
from bot.report import denial_line, engine_line

SOURCE_TYPE = {
    SourceType.NAMED: "named person",
    SourceType.ANONYMOUS: "anonymous",
    SourceType.OUTLET: "another outlet",
    SourceType.DOCUMENT: "document",
    SourceType.ORGANIZATION: "organisation",
    SourceType.VAGUE: "loose collective",
    SourceType.PRONOUN: "pronoun",
    SourceType.AUTHOR: "the article's own voice",
    SourceType.UNKNOWN: "not known",
}


def filename(result: CheckResult) -> str:
    stem = "".join(c if c.isalnum() else "-" for c in present(result).title.lower())
    stem = "-".join(part for part in stem.split("-") if part)[:60] or "article"
    return f"factdesk-{stem}.md"


def full_markdown(result: CheckResult) -> str:
    analysis = result.analysis
    shown = present(result)
    lines: list[str] = [f"# {shown.title}"]
    meta = analysis.article
    byline = [p for p in (meta.site, meta.author, meta.date, meta.canonical_url) if p]
    if byline:
        lines.append(" · ".join(byline))
    lines += ["", f"**{shown.status}**"]
    if result.notice:
        lines += ["", f"> {result.notice}"]
    lines += ["", "## Summary", "", analysis.summary or "(none)"]

    lines += ["", f"## To verify ({len(shown.concerns)})"]
    for concern in shown.concerns:
        lines += ["", f"### ⚑{concern.number} · {concern.kinds} (`{concern.item_id}`)"]
        if concern.statement:
            lines.append(concern.statement)
        lines.append(f"> {quoted(concern.quote)}")
        lines.append(_word(concern.who, concern.how))
        lines += [f"- {reason}" for reason in concern.reasons]
        if concern.response:
            lines.append(f"- Response: {concern.response}")
        if concern.record is not None:
            lines.append(_verdict(concern.record))
    if not shown.concerns:
        lines += ["", "Nothing in this article rests on a source that needs checking."]

    lines += ["", f"## Denials and responses ({len(analysis.denials)})"]
    for denial in analysis.denials:
        answers = ", ".join(f"`{claim}`" for claim in denial.answers)
        lines += ["", f"- {denial_line(denial)} (`{denial.id}`)",
                  f"  > {quoted(denial.quote.text)}"]
        if answers:
            lines.append(f"  Answers {answers}")

    lines += ["", f"## Claims ({len(analysis.claims)})", ""]
    for claim in analysis.ranked_claims():
        who, how = on_whose_word(claim.claimant, claim.sourcing)
        lines.append(f"- {claim.statement} (`{claim.id}`)")
        lines.append(f"  > {quoted(claim.quote.text)}")
        lines.append(f"  {_word(who, how)} · worth checking: {worth_checking(claim.checkworthy)}")

    lines += ["", f"## Every flag ({len(analysis.flags)})", ""]
    for flag in analysis.flags:
        on = f" on `{flag.claim}`" if flag.claim else ""
        lines.append(f"- {FLAG_KIND[flag.kind]}{on} (`{flag.id}`): {quoted(flag.quote.text)}")
        lines.append(f"  {flag.why}")

    lines += _attributions(analysis)
    lines += ["", f"_{engine_line(analysis)}_"]
    return "\n".join(lines) + "\n"


def _attributions(analysis: Analysis) -> list[str]:
    lines = ["", f"## Who is cited as saying what ({len(analysis.attributions)})", ""]
    for item in analysis.attributions:
        source = item.source.text if item.source else "(no source given)"
        lines.append(f"- {source} — {item.cue.text} ({SOURCE_TYPE[item.source_type]}, "
                     f"`{item.id}`): {quoted(item.content.text)}")
    return lines


def _word(who: str | None, how: str) -> str:
    if who:
        return f"On the word of **{who}**" + (f" ({how})" if how else "")
    return how[:1].upper() + how[1:] if how else ""


def _verdict(claim: FlaggedClaim) -> str:
    line = f"- Verdict: **{claim.status.label}**"
    if claim.history:
        last = claim.history[-1]
        line += f" — {last.by.label}, {last.at:%Y-%m-%d %H:%M} UTC"
        if last.note:
            line += f": {last.note}"
    if claim.thread is not None and claim.thread.url:
        line += f" · [discussion thread]({claim.thread.url})"
    return line
