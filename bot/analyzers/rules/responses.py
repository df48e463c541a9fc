"""Official responses: who answered an allegation, how (denial, no comment, non-denial), where.

Read from the parse, not from strings: a refusal is "decline/refuse to V", a negated
"respond/return calls", "could not be reached", "would not say/discuss…", "no comment"
(those forms live in `refusals`); a denial is "deny/dispute/refute…", "reject/dismiss" an
allegation, "insist", "called it false", or a party's own words that carry a denial ("had
no role", "not true") or negate a statement about itself ("said he did not own…"); a
non-denial is an answer that does not reject ("acknowledged", "defended", "confirmed",
"fired back", a spokesperson's statement, "stayed silent"), and what a party says within
two sentences of where it answers or is accused. The answerer is the verb's subject,
resolved through pronouns and relative clauses.
This module walks the article and keeps one answer per stretch of text; the parts live in
modules of their own: `answer_kinds` (which kind of answer a word carries), `denial_forms`
(the words and clauses that deny), `party_statements` (who answers, and what a party says
near where it answers or is accused), `response_record` (the `Response` record and its
quote, venue and first-hand reading) and `quotation_ranges` (the article's quotations).
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Token

from bot.analyzers.rules.answer_kinds import answer_kind
from bot.analyzers.rules.attribution_record import Found
from bot.analyzers.rules.party_statements import answerer, party_speech
from bot.analyzers.rules.quotation_ranges import in_quotation
from bot.analyzers.rules.response_record import (
    OutletReports,
    Response,
    firsthand,
    quote_span,
    venue_of,
)
from bot.analyzers.rules.source_kinds import classify
from bot.analyzers.rules.spans import Offsets, sentence, text_of
from bot.models import DenialKind, SourceType


def find(doc: Doc, attributions: list[Found], reported: OutletReports) -> list[Response]:
    """The answers in the article, in text order, one per anchor; `reported` is where other
    outlets' reports carry the text (an answer they carry is relayed, not first-hand)."""
    by_verb = {a.cue_token.i: a for a in attributions}
    out: list[Response] = []
    for token in doc:
        if in_quotation(doc, token.idx):
            continue  # words inside someone's quotation are theirs, not the article's report
        kind = answer_kind(token, by_verb.get(token.i))
        if kind is None:
            continue
        found = by_verb.get(token.i)
        quote = quote_span(token, found)
        if quote is None:
            continue
        by = found.source if found is not None else answerer(token)
        if by is None or by.head.lower_ in {"i", "we", "you"} or (
                kind in {DenialKind.DENIAL, DenialKind.NON_DENIAL}
                and classify(by) is SourceType.VAGUE):
            continue  # "critics insist", "supporters rejected it": no party answers
        out.append(Response(kind, quote, token, by, firsthand(token, quote, reported),
                            venue_of(token)))
    out.extend(party_speech(doc, attributions, out, reported))
    return _merge(sorted(out, key=lambda r: r.quote))


def _merge(found: list[Response]) -> list[Response]:
    """One answer per stretch of text: a later answer overlapping a kept one is dropped, but
    for a refusal inside it ("Keel, who did not respond to a request for comment, has denied
    …"): that is an answer of its own, and the kept one is cut to the words beside it."""
    kept: list[Response] = []
    for response in found:
        own = sentence(response.anchor).start
        other = next((o for o in kept if response.quote[0] < o.quote[1]
                      and o.quote[0] < response.quote[1]
                      and own == sentence(o.anchor).start), None)
        if other is not None:
            pair = (_split(other, response) or _flipped(_split(response, other))
                    or _said_then_refused(other, response)
                    or _flipped(_said_then_refused(response, other)))
            if pair is not None:  # (the kept one's part, this one's part)
                kept[kept.index(other)], part = pair
                kept.append(part)
                continue
            rest = _beside(other, response)
            if rest is None:
                continue
            kept[kept.index(other)] = replace(other, quote=rest)
        kept.append(response)
    return sorted(kept, key=lambda r: r.quote)


def _split(refusal: Response, said: Response) -> tuple[Response, Response] | None:
    """ "Keel declined to comment on the invoices but said the company was cooperating":
    a refusal and, in a clause of its own, something said by the same answerer; two answers,
    each quoted with its own words (the refusal's up to the statement, without the "but" or
    "and" the parse joins them with)."""
    if refusal.kind not in REFUSALS or said.kind in REFUSALS or (
            said.anchor.head.i != refusal.anchor.i
            or said.anchor.dep_ not in {"conj", "advcl"}
            or said.anchor.i < refusal.anchor.i):
        return None
    doc = refusal.anchor.doc
    start = said.anchor.left_edge.idx
    end = _before_joint(said.anchor.left_edge, refusal.quote[0])
    refused = _trimmed(text_of(doc), (refusal.quote[0], end))
    statement = (start, max(said.quote[1], refusal.quote[1]))
    if refused[1] - refused[0] < LEAST_REST or statement[1] - statement[0] < LEAST_REST:
        return None
    return replace(refusal, quote=refused), replace(said, quote=statement)


def _said_then_refused(said: Response, refusal: Response) -> tuple[Response, Response] | None:
    """ "Caldera said in an email that it had won on merit and declined to answer further
    questions", "Nordvik said it was cooperating but would not comment": a statement, then
    a refusal joined to it or to what it says; two answers, the statement quoted up to the
    "and" or "but", the refusal from its verb on."""
    joined_to = refusal.anchor.head
    if refusal.kind not in REFUSALS or said.kind in REFUSALS or (
            refusal.anchor.dep_ != "conj" or refusal.anchor.i < said.anchor.i
            or not (joined_to.i == said.anchor.i or said.anchor in joined_to.ancestors)):
        return None  # (joined to the statement, or to what it says: "said it was
        # cooperating but would not comment")
    doc = said.anchor.doc
    start = refusal.anchor.left_edge.idx
    end = _before_joint(refusal.anchor.left_edge, 0)
    statement = _trimmed(text_of(doc), (said.quote[0], end))
    refused = (start, max(said.quote[1], refusal.quote[1]))
    if refused[1] - refused[0] < LEAST_REST or statement[1] - statement[0] < LEAST_REST:
        return None
    return replace(said, quote=statement), replace(refusal, quote=refused)


def _before_joint(second: Token, floor: int) -> int:
    """Where the first of two joined answers ends, given the first word of the second: at
    the "but" or "and" joining them when that is the word before (punctuation aside) and
    lies at or after `floor` ("declined to comment, but said …": the "but" is neither
    answer's), else where the second begins."""
    joining = next((t for t in reversed(second.doc[: second.i]) if not t.is_punct), None)
    return joining.idx if joining is not None and joining.dep_ == "cc" and (
        joining.idx >= floor) else second.idx


def _flipped(pair: tuple[Response, Response] | None) -> tuple[Response, Response] | None:
    return None if pair is None else (pair[1], pair[0])


REFUSALS = frozenset({DenialKind.NO_COMMENT, DenialKind.DECLINED})
LEAST_REST = 20  # characters: less than this beside a refusal is no answer of its own


def _beside(outer: Response, inner: Response) -> Offsets | None:
    """The longer stretch of `outer`'s quote beside a refusal `inner` given in a relative or
    parenthetical clause within it, when `outer` is another kind of answer."""
    if (inner.kind not in REFUSALS or outer.kind in REFUSALS
            or inner.anchor.dep_ not in {"relcl", "appos", "parataxis"}
            or not (outer.quote[0] <= inner.quote[0] and inner.quote[1] <= outer.quote[1])):
        return None
    text = text_of(inner.anchor.doc)
    after = _trimmed(text, (inner.quote[1], outer.quote[1]))
    before = _trimmed(text, (outer.quote[0], inner.quote[0]))
    rest = max(after, before, key=lambda span: span[1] - span[0])
    return rest if rest[1] - rest[0] >= LEAST_REST else None


def _trimmed(text: str, span: Offsets) -> Offsets:
    start, end = span
    while start < end and (text[start].isspace() or text[start] in ",;—–-"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;—–-"):
        end -= 1
    return start, end
