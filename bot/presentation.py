"""What a check's answer shows, decided once for every platform.

The first screen: one status line ("3 attributions to verify · 2 denials (1 first-hand) ·
1 no comment · 10 claims"), then what needs attention — each flagged item once, with the
claim it concerns folded in, and each response once, a response on the very words of a
flagged item folded into that item — then the top claims not already shown. Nothing is
shown twice: an item whose quote overlaps one already shown is folded or left out.

Platforms render a `Presentation` with their own means and limits; they decide nothing
about what is shown or in what order. The complete analysis is `bot.full_report`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.flagged import FlaggedUnit, flagged_units
from bot.labels import DENIAL_KIND, flag_kinds, on_whose_word, plural, quoted, worth_checking
from bot.models import Analysis, Claim, Denial, DenialKind, Span
from bot.records import CheckResult, FlaggedClaim
from bot.report import denial_line, engine_line

__all__ = ["Concern", "Presentation", "present", "quoted", "status_line"]

TOP_CLAIMS = 3  # claims listed after what needs attention
ANSWER_CHARS = 120  # a claim a response answers, folded into the response

def _words(text: str) -> list[str]:
    return "".join(c if c.isalnum() else " " for c in text.lower()).split()


def same_words(statement: str, quote: str) -> bool:
    """Whether a statement only repeats its quote (then it is not shown twice)."""
    return _words(statement) == _words(quote)


def says_more(statement: str, quote: str) -> bool:
    """Whether a statement adds enough to its quote to be shown beside it: not when it is
    the quote again with a pronoun resolved ("[Van Loon] told …" for "he told …")."""
    quote_words = set(_words(quote))
    words = _words(statement)
    new = [w for w in words if w not in quote_words]
    return len(new) > max(3, len(words) // 3)


@dataclass(frozen=True)
class Concern:
    """A flagged item as the first screen shows it: the claim it concerns folded in."""

    number: int  # "⚑2": how responses refer to it
    item_id: str  # the analysis item: a claim id, or a flag's on no claim
    claim_id: str | None  # the desk's id, for Discuss; None when the check was not saved
    statement: str | None  # only when it says more than the quote
    quote: str
    who: str | None  # on whose word, as the article names them
    how: str  # the kind of source, in words
    kinds: str  # why it is flagged, in words
    reasons: list[str]
    record: FlaggedClaim | None = None  # the desk's record: verdict, thread
    response: str | None = None  # a response on the same words, folded in


@dataclass(frozen=True)
class Response:
    who: str  # "Van Loon — denial, first-hand, to Radio Merrow"
    quote: str
    answers: list[str] = field(default_factory=list)  # "⚑2", or a claim folded in


@dataclass(frozen=True)
class ClaimLine:
    statement: str | None  # only when it says more than the quote
    quote: str
    who: str | None
    how: str
    worth: str  # how worth checking, in words


@dataclass(frozen=True)
class Presentation:
    title: str
    status: str
    concerns: list[Concern]
    responses: list[Response]
    top_claims: list[ClaimLine]
    claims_not_shown: int
    engine: str
    notice: str | None = None
    check_id: str | None = None  # None when the check was not saved
    byline: list[str] = field(default_factory=list)

    @property
    def discussable(self) -> bool:
        return self.check_id is not None


def title_of(analysis: Analysis) -> str:
    meta = analysis.article
    return " ".join((meta.title or meta.canonical_url or "Pasted article").split())


def status_line(analysis: Analysis, to_verify: int) -> str:
    """"3 attributions to verify · 2 denials (1 first-hand) · 1 no comment · 10 claims"."""
    parts = [plural(to_verify, "attribution to verify", "attributions to verify")
             if to_verify else "nothing to verify"]
    denials = [d for d in analysis.denials if d.kind is DenialKind.DENIAL]
    if denials:
        firsthand = sum(1 for d in denials if d.firsthand)
        parts.append(f"{plural(len(denials), 'denial')} ({firsthand} first-hand)")
    for kind, many in ((DenialKind.NON_DENIAL, "non-denials"),
                       (DenialKind.NO_COMMENT, "no comment"),
                       (DenialKind.DECLINED, "declined to comment")):
        count = sum(1 for d in analysis.denials if d.kind is kind)
        if count:
            parts.append(plural(count, DENIAL_KIND[kind], many))
    parts.append(plural(len(analysis.claims), "claim"))
    return " · ".join(parts)


def present(result: CheckResult) -> Presentation:
    """The first screen of a check, as every platform shows it."""
    analysis = result.analysis
    saved = result.saved and result.check is not None
    records = {item.item_id: item.claim for item in result.flagged} if saved else {}
    # a saved check shows what the desk recorded (in its order); one not saved, the units
    # the desk would have recorded: the same list either way
    units = [_unit(item.item_id, item.claim) for item in result.flagged] if saved \
        else flagged_units(analysis)
    shown: list[Span] = []
    concerns: list[Concern] = []
    by_claim: dict[str, int] = {}  # claim id -> concern number
    for number, unit in enumerate(units, 1):
        concerns.append(_concern(number, unit, records.get(unit.item_id)))
        shown.append(_span_of(analysis, unit))
        by_claim[unit.item_id] = number
    folded: set[str] = set(by_claim)  # claims shown (in a concern or a response)
    responses: list[Response] = []
    for denial in analysis.denials:
        answers = _answers(analysis, denial, by_claim, folded)
        overlapping = next((n for n, span in enumerate(shown)
                            if n < len(concerns) and _overlap(span, denial.quote)), None)
        if overlapping is not None:  # the same words as a flagged item: said there
            line = denial_line(denial) + (f" (answers {', '.join(answers)})" if answers else "")
            concerns[overlapping] = _with_response(concerns[overlapping], line)
            continue
        if any(_overlap(span, denial.quote) for span in shown):
            continue
        responses.append(Response(denial_line(denial), denial.quote.text, answers))
        shown.append(denial.quote)
    top: list[ClaimLine] = []
    for claim in analysis.ranked_claims():
        if claim.id in folded or any(_overlap(span, claim.quote) for span in shown):
            continue
        if len(top) < TOP_CLAIMS:
            top.append(claim_line(claim))
            shown.append(claim.quote)
    listed = len(folded) + len(top)
    return Presentation(
        title=title_of(analysis),
        status=status_line(analysis, len(concerns)),
        concerns=concerns,
        responses=responses,
        top_claims=top,
        claims_not_shown=max(len(analysis.claims) - listed, 0),
        engine=engine_line(analysis),
        notice=result.notice,
        check_id=result.check.id if saved and result.check else None,
        byline=[p for p in (analysis.article.site, analysis.article.date) if p],
    )


def _unit(item_id: str, claim: FlaggedClaim) -> FlaggedUnit:
    return FlaggedUnit(item_id=item_id, statement=claim.statement, quote=claim.quote,
                       claimant=claim.claimant, sourcing=claim.sourcing,
                       flag_kinds=list(claim.flag_kinds), reasons=list(claim.reasons))


def _concern(number: int, unit: FlaggedUnit, record: FlaggedClaim | None) -> Concern:
    who, how = on_whose_word(unit.claimant, unit.sourcing)
    statement = unit.statement if says_more(unit.statement, unit.quote) else None
    return Concern(
        number=number, item_id=unit.item_id, claim_id=record.id if record else None,
        statement=statement, quote=unit.quote, who=who, how=how,
        kinds=flag_kinds(unit.flag_kinds), reasons=list(unit.reasons), record=record,
    )


def _with_response(concern: Concern, line: str) -> Concern:
    joined = f"{concern.response}; {line}" if concern.response else line
    return Concern(**{**concern.__dict__, "response": joined})


def claim_line(claim: Claim) -> ClaimLine:
    who, how = on_whose_word(claim.claimant, claim.sourcing)
    statement = claim.statement if says_more(claim.statement, claim.quote.text) else None
    return ClaimLine(statement, claim.quote.text, who, how, worth_checking(claim.checkworthy))


def _answers(analysis: Analysis, denial: Denial, by_claim: dict[str, int],
             folded: set[str]) -> list[str]:
    """What a response answers: "⚑N" for a flagged item; the first other claim folded in
    (then not listed again), the rest counted."""
    refs: list[str] = []
    rest = 0
    for claim_id in denial.answers:
        if claim_id in by_claim:
            refs.append(f"⚑{by_claim[claim_id]}")
            continue
        claim = analysis.claim(claim_id)
        if claim is None or claim_id in folded:
            continue
        if any(not r.startswith("⚑") for r in refs):
            rest += 1
            continue
        text = " ".join(claim.statement.split())
        refs.append(quoted(text if len(text) <= ANSWER_CHARS
                           else text[: ANSWER_CHARS - 1].rstrip() + "…"))
        folded.add(claim_id)
    if rest:
        refs.append(plural(rest, "other claim"))
    return refs


def _span_of(analysis: Analysis, unit: FlaggedUnit) -> Span:
    claim = analysis.claim(unit.item_id)
    if claim is not None:
        return claim.quote
    flag = next((f for f in analysis.flags if f.id == unit.item_id), None)
    return flag.quote if flag is not None else Span(text=unit.quote)


def _overlap(a: Span, b: Span) -> bool:
    if a.start < 0 or b.start < 0:  # not located: compare the words
        return same_words(a.text, b.text)
    return a.start < b.end and b.start < a.end
