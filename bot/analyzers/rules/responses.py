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

from spacy.tokens import Doc

from bot.analyzers.rules.answer_kinds import answer_kind
from bot.analyzers.rules.attribution_record import Found
from bot.analyzers.rules.party_statements import answerer, party_speech
from bot.analyzers.rules.quotation_ranges import in_quotation
from bot.analyzers.rules.response_record import Response, firsthand, quote_span, venue_of
from bot.analyzers.rules.source_kinds import classify
from bot.analyzers.rules.spans import Offsets, sentence
from bot.models import DenialKind, SourceType


def find(doc: Doc, attributions: list[Found], reported: list[Offsets]) -> list[Response]:
    """The answers in the article, in text order, one per anchor; `reported` are spans of
    outlet reports (an answer inside one is relayed, not first-hand)."""
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
    """One answer per stretch of text: a later answer overlapping a kept one is dropped."""
    kept: list[Response] = []
    for response in found:
        own = sentence(response.anchor).start
        if any(response.quote[0] < other.quote[1] and other.quote[0] < response.quote[1]
               and own == sentence(other.anchor).start for other in kept):
            continue
        kept.append(response)
    return kept
