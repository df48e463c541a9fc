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
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from bot.analyzers.rules.attribution_record import Found
from bot.analyzers.rules.lexicon import phrases, words
from bot.analyzers.rules.refusals import (
    asked_party,
    declined,
    has_det,
    negated,
    refused,
    unanswered,
    unavailable,
    withholds,
    yet_to_answer,
)
from bot.analyzers.rules.source_kinds import classify
from bot.analyzers.rules.sources import PERSONAL, PLURAL, Mention, mention
from bot.analyzers.rules.spans import (
    Offsets,
    sentence,
    sentence_index,
    subtree,
    text_of,
    tokens_span,
    with_stop,
)
from bot.analyzers.rules.speakers import source_of
from bot.models import DenialKind, SourceType

DENY = frozenset({"deny", "dispute", "refute", "rebut", "disavow", "repudiate", "insist"})
DENY_IF_ALLEGATION = frozenset({"reject", "dismiss"})
NOT_DENIED = frozenset({"entry", "access", "bail", "permission", "visa", "request",
                        "application", "service", "benefit", "right", "chance",
                        "opportunity", "parole", "funding", "motion", "appeal", "permit",
                        "license", "licence", "loan", "asylum", "admission"})
ANSWER = frozenset({"counter", "retort", "acknowledge", "concede", "admit", "defend",
                    "apologize", "apologise", "protest"})
CONCEDE = frozenset({"acknowledge", "concede", "admit", "apologize", "apologise"})
ANSWER_WITH_CLAUSE = frozenset({"respond", "reply"})  # "responded that …"
FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})
PARTICLE_ANSWER = {"fire": "back", "push": "back", "hit": "back", "lash": "out"}
SILENT = frozenset({"silent", "quiet", "mum", "tight-lipped"})
CONDITIONS = frozenset({"if", "unless", "until", "whether"})
MODALS = frozenset({"will", "would", "could", "may", "might", "can", "should", "must"})
QUOTATION = re.compile(r"“[^”]*”|\"[^\"\n]*\"|''[^'\n]*''")
SHORT_REST = 60  # characters: what follows a quoted answer's verb, kept with it when short
HEDGES = frozenset({"reportedly", "allegedly", "purportedly", "supposedly"})


@dataclass(frozen=True)
class Response:
    kind: DenialKind
    quote: Offsets
    anchor: Token  # the verb (or noun) that carries the answer
    by: Mention | None
    firsthand: bool
    venue: str | None


def find(doc: Doc, attributions: list[Found], reported: list[Offsets]) -> list[Response]:
    """The answers in the article, in text order, one per anchor; `reported` are spans of
    outlet reports (an answer inside one is relayed, not first-hand)."""
    by_verb = {a.cue_token.i: a for a in attributions}
    out: list[Response] = []
    for token in doc:
        if _in_quotation(doc, token.idx):
            continue  # words inside someone's quotation are theirs, not the article's report
        kind = _kind(token, by_verb.get(token.i))
        if kind is None:
            continue
        found = by_verb.get(token.i)
        quote = _quote(token, found)
        if quote is None:
            continue
        by = found.source if found is not None else _answerer(token)
        if by is None or by.head.lower_ in {"i", "we", "you"} or (
                kind in {DenialKind.DENIAL, DenialKind.NON_DENIAL}
                and classify(by) is SourceType.VAGUE):
            continue  # "critics insist", "supporters rejected it": no party answers
        out.append(Response(kind, quote, token, by, _firsthand(token, quote, reported),
                            _venue(token)))
    out.extend(_party_speech(doc, attributions, out, reported))
    return _merge(sorted(out, key=lambda r: r.quote))


ACCUSING = frozenset({"accuse", "allege", "charge", "indict", "sue", "investigate", "probe",
                      "criticize", "criticise", "blame", "fault", "attack", "question"})


def _party_speech(doc: Doc, attributions: list[Found], found: list[Response],
                  reported: list[Offsets]) -> list[Response]:
    """What a party says near where the article has it deny, decline or not respond, or
    has it accused: those statements answer too, as non-denials unless their words deny. Far
    from any of these, a party's words are its own claims; near a non-denial (itself read
    from a party's words: "acknowledged", a spokesman's statement) they are not taken as
    answers on a second guess."""
    anchors: dict[str, list[int]] = {}
    for response in found:
        if response.by is not None and response.kind is not DenialKind.NON_DENIAL:
            for key in _party_keys(response.by):
                anchors.setdefault(key, []).append(sentence_index(response.anchor))
    for token in doc:
        if token.lemma_.lower() in ACCUSING and token.pos_ == "VERB":
            for child in token.children:
                if child.dep_ in {"dobj", "nsubjpass"}:
                    for key in _party_keys(mention(list(child.subtree), child)):
                        anchors.setdefault(key, []).append(sentence_index(token))
    if not anchors:
        return []
    taken = {r.anchor.i for r in found}
    out = []
    for attribution in attributions:
        source = attribution.source
        verb = attribution.cue_token
        if (source is None or not attribution.speech or verb.i in taken
                or _in_quotation(doc, verb.idx) or classify(source) is SourceType.VAGUE):
            continue  # "some of her allies said": a loose group is no party answering
        here = sentence_index(verb)
        if not any(abs(here - at) <= NEAR_ANSWER for key in _party_keys(source)
                   for at in anchors.get(key, ())):
            continue
        quote = _quote(verb, attribution)
        if quote is None:
            continue
        kind = DenialKind.DENIAL if _denies(attribution) or _self_negation(
            attribution, party=True) else DenialKind.NON_DENIAL
        out.append(Response(kind, quote, verb, source, _firsthand(verb, quote, reported),
                            _venue(verb)))
    return out


NEAR_ANSWER = 2  # sentences


def _party_keys(by: Mention) -> set[str]:
    """The names a party goes by here, of the speaker or of whom it speaks for ("a spokesman
    for Voss Holdings", "Keel's lawyer"): a person by surname (so "Keel" meets "Marta Keel"),
    anything else by its whole name ("voss holdings", never a bare "holdings")."""
    tokens = list(by.resolved) if by.resolved is not None else list(by.tokens)
    for token in by.tokens:
        if (token.dep_ == "pobj" and token.head.lower_ == "for") or token.dep_ == "poss":
            tokens.extend(token.subtree)
    keys = set()
    for head in tokens:
        if head.pos_ != "PROPN" or (head.dep_ == "compound" and head.head.pos_ == "PROPN"):
            continue  # only the last word of a name stands for it
        role = head.head
        if head.dep_ == "compound" and role.pos_ == "NOUN" and role.head.i != role.i and (
                role.head.ent_type_ == "PERSON"
                and role.lemma_.lower() not in words("response_roles")):
            continue  # "Keel ally Tomas Berg" is Berg, not Keel's voice
        if head.ent_type_ == "PERSON":
            keys.add(head.lower_)
        else:
            name = [t for t in head.subtree if t.pos_ == "PROPN" and t.i <= head.i]
            keys.add(" ".join(t.lower_ for t in name))
    return {key for key in keys if len(key) > 2}


def _answerer(token: Token) -> Mention | None:
    """Who gives (or withholds) the answer `token` carries: the verb's subject; for "had no
    comment" or "yet to respond", the governing verb's; for "no one at X", X."""
    if unanswered(token):
        return asked_party(token)
    by = source_of(token)
    if by is None and token.dep_ in {"xcomp", "acomp", "dobj"}:
        by = source_of(token.head)
    if by is not None and by.head.lower_ in {"one", "nobody", "none"}:
        at = next((g for c in by.head.children if c.dep_ == "prep" and c.lower_ in {"at", "from",
                                                                                  "for"}
                   for g in c.children if g.dep_ == "pobj"), None)
        return mention(list(at.subtree), at) if at is not None else None
    return by


def _kind(token: Token, found: Found | None) -> DenialKind | None:
    lemma = token.lemma_.lower()
    if token.pos_ == "NOUN" and lemma == "comment":
        return DenialKind.NO_COMMENT if has_det(token, "no") else None
    if token.pos_ == "ADJ":
        return _adjective(token, lemma)
    if token.pos_ not in {"VERB", "AUX"}:
        if found is not None and found.speech and found.source is not None:
            return _speech_kind(found)  # "the line from X", "in the words of X"
        return None
    if unanswered(token) or yet_to_answer(token):
        return DenialKind.NO_COMMENT  # "calls to X went unanswered", "has yet to respond"
    if not _finite(token):
        return None  # "to deny", "denying licences": no one answers here
    if declined(token):
        return DenialKind.DECLINED
    if negated(token):
        return _negated_kind(token, lemma)
    if any(c.dep_ == "auxpass" for c in token.children):
        return None  # "a fact is dismissed": no answerer
    if _pleads_innocence(token, lemma):
        return DenialKind.DENIAL  # "pleaded not guilty", "has maintained his innocence"
    if lemma in DENY:
        if any((c.dep_ == "aux" and c.lower_ in MODALS) or (
                c.dep_ == "mark" and c.lower_ in CONDITIONS) for c in token.children):
            return None  # "the council will deny the permit", "unless she disavows it":
            # no answer given yet
        objects = [c for c in token.children if c.dep_ in {"dobj", "dative"}]
        if lemma == "deny" and (len(objects) > 1 or any(  # "denied Ruiz a hearing"
                c.dep_ == "dative" or c.lemma_ in NOT_DENIED or c.ent_type_ == "PERSON"
                for c in objects)):
            return None  # "denied him a hearing", "denied entry"
        return DenialKind.DENIAL
    if lemma in DENY_IF_ALLEGATION and _rejects_allegation(token):
        return DenialKind.DENIAL
    if lemma == "call" and any(c.dep_ in {"oprd", "xcomp", "acomp"} and
                               (c.lower_,) in phrases("denial_words") for c in token.children):
        return DenialKind.DENIAL
    if lemma == "confirm" and any(c.dep_ == "conj" and c.lemma_ == "deny"
                                  for c in token.children):
        return DenialKind.NON_DENIAL  # "would neither confirm nor deny"; a plain "confirmed"
        # answers only from a party to the story (see _party_speech)
    if lemma == "defend" and _defends_another(token):
        return None  # "Reid defended Cruz", "defended Florida's ban": not its own answer
    if lemma in ANSWER or PARTICLE_ANSWER.get(lemma) in {
        c.lower_ for c in token.children if c.dep_ in {"prt", "advmod"}
    } or (
        lemma in ANSWER_WITH_CLAUSE and (any(c.dep_ == "ccomp" for c in token.children)
                                         or _answers_allegation(token))
    ):
        if lemma in CONCEDE:
            return DenialKind.NON_DENIAL  # "admitted that the figure was inaccurate"
        return _by_content(found) or DenialKind.NON_DENIAL
    if lemma == "maintain" and found is not None:
        return _by_content(found) or DenialKind.NON_DENIAL
    if found is not None and found.speech and found.source is not None:
        return _speech_kind(found)
    if found is None and _done_in_response(token):
        return DenialKind.NON_DENIAL  # "in response to the Ledger's questions, she repaid"
    return None


def _done_in_response(verb: Token) -> bool:
    """ "In response to the Ledger's queries, Keel refunded the money": something done, not
    said, as the answer to questions or an allegation."""
    return any(c.dep_ == "nsubj" for c in verb.children) and any(
        c.dep_ == "prep" and c.lower_ == "in" and any(
            g.dep_ == "pobj" and g.lemma_ == "response" and any(
                p.dep_ == "prep" and p.lower_ == "to" and any(
                    o.dep_ == "pobj" and (o.lemma_.lower() in words("allegation_nouns")
                                          or o.lemma_.lower() in ASKED)
                    for o in p.children) for p in g.children) for g in c.children)
        for c in verb.children)


ASKED = frozenset({"question", "query", "inquiry", "request", "call", "letter", "email"})
INNOCENCE = frozenset({"innocence", "innocent"})
def _defends_another(verb: Token) -> bool:
    """What is defended belongs to someone named, not to the defender: "defended Cruz",
    "defended Florida's marriage ban" (not "defended his role" or "defended the decision")."""
    return any(c.dep_ == "dobj" and (c.pos_ == "PROPN" or c.ent_type_ == "PERSON" or any(
        g.dep_ == "poss" and g.pos_ == "PROPN" for g in c.children)) for c in verb.children)


def _pleads_innocence(verb: Token, lemma: str) -> bool:
    """ "Pleaded not guilty", "pleads innocent", "maintained (or protested) his innocence"."""
    if lemma == "plead":
        below = [t.lower_ for t in verb.subtree if t.i > verb.i][:4]
        return ("guilty" in below and "not" in below) or bool(INNOCENCE & set(below))
    return lemma in {"maintain", "protest", "proclaim", "assert"} and any(
        c.dep_ == "dobj" and c.lemma_.lower() in INNOCENCE for c in verb.children)


def _adjective(token: Token, lemma: str) -> DenialKind | None:
    if lemma in SILENT and token.head.lemma_ in {"stay", "remain", "keep", "be"}:
        return DenialKind.NON_DENIAL
    if unavailable(token):
        return DenialKind.NO_COMMENT  # "was not available for comment"
    return None


def _negated_kind(token: Token, lemma: str) -> DenialKind | None:
    if refused(token):
        return DenialKind.NO_COMMENT
    if lemma in {"dispute", "deny"}:
        return DenialKind.NON_DENIAL  # "did not dispute that …"
    return None


def _finite(verb: Token) -> bool:
    """A verb that asserts something of its subject: tensed, or with a tensed auxiliary."""
    if verb.tag_ in FINITE:
        return True
    if any(c.dep_ in {"aux", "auxpass"} and c.tag_ in FINITE for c in verb.children):
        return True
    return verb.dep_ == "conj" and verb.head.i != verb.i and _finite(verb.head)


def _quoted_ranges(doc: Doc) -> list[Offsets]:
    """The quotations in the document, found once per document."""
    found: list[Offsets] | None = doc.user_data.get(_QUOTATIONS)
    if found is None:
        found = [(m.start(), m.end()) for m in QUOTATION.finditer(text_of(doc))]
        doc.user_data[_QUOTATIONS] = found
    return found


_QUOTATIONS = "factdesk.quotations"


def _in_quotation(doc: Doc, offset: int) -> bool:
    """Whether `offset` lies inside one of the document's quotations (which never overlap),
    not on its opening mark."""
    quoted = _quoted_ranges(doc)
    at = bisect.bisect_left(quoted, (offset, offset)) - 1
    return at >= 0 and offset < quoted[at][1]


def _rejects_allegation(token: Token) -> bool:
    nouns = words("allegation_nouns")
    return any(
        (c.dep_ == "dobj" and c.lemma_.lower() in nouns) or c.dep_ == "ccomp"
        for c in token.children
    )


def _by_content(found: Found | None) -> DenialKind | None:
    if found is None:
        return None
    return DenialKind.DENIAL if _denies(found) else None


def _speech_kind(found: Found) -> DenialKind | None:
    if withholds(found):
        return DenialKind.NO_COMMENT  # "said she would not comment on an ongoing inquiry"
    if _denies(found) or _self_negation(found) or _says_it_denies(found):
        return DenialKind.DENIAL
    if _contains_any(found, "deflection_words"):
        return DenialKind.NON_DENIAL  # "said the allegations were politically motivated"
    source = found.source
    assert source is not None
    if any(_speaks_for(t) for t in (source.head, *source.head.children)
           if t.i == source.head.i or t.dep_ in {"appos", "compound"}) or _in_response(
               found.cue_token):
        return DenialKind.NON_DENIAL
    return None


def _says_it_denies(found: Found) -> bool:
    """ "The firm said it 'categorically denies' the claims": the speaker's own denial."""
    clause = next((c for c in found.cue_token.children if c.dep_ == "ccomp"), None)
    return clause is not None and clause.lemma_.lower() in DENY and any(
        c.dep_ == "nsubj" and (c.lower_ in OWN or any(
            g.dep_ == "poss" and g.lower_ in OWN_POSSESSIVE for g in c.children))
        for c in clause.children)  # "said his client 'categorically denies' them" too


OWN = frozenset({"it", "he", "she", "they", "we", "i"})
OWN_POSSESSIVE = frozenset({"its", "his", "her", "their", "our", "my"})


def _speaks_for(token: Token) -> bool:
    """A spokesperson or a campaign; a lawyer only as someone's ("Sullivan's lawyer")."""
    lemma = token.lemma_.lower()
    if lemma in {"lawyer", "attorney", "counsel"}:
        return any(c.dep_ == "poss" for c in token.children)
    if lemma == "representative" and token.text[:1].isupper() and token.dep_ == "compound":
        return False  # "Representative Ana Ruiz": a lawmaker's title, not a party's voice
    return lemma in words("response_roles")


def _content_tokens(found: Found) -> list[Token]:
    doc = found.cue_token.doc
    start, end = found.content
    return [t for t in doc[found.sentence.start : found.sentence.end]
            if start <= t.idx < end] or [
        t for t in doc if start <= t.idx < end
    ]


def _denies(found: Found) -> bool:
    return _contains_any(found, "denial_words")


def _contains_any(found: Found, word_list: str) -> bool:
    lowered = [t.lower_ for t in _content_tokens(found)]
    present = set(lowered)
    return any(phrase[0] in present and _contains(lowered, phrase)
               for phrase in phrases(word_list))


def _contains(sequence: list[str], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    first = phrase[0]
    return any(word == first and tuple(sequence[i : i + n]) == phrase
               for i, word in enumerate(sequence[: len(sequence) - n + 1]))


def _self_negation(found: Found, party: bool = False) -> bool:
    """ "X said he did not …": the speaker negates a statement about itself (in reported
    speech: a direct quotation's "we did not" is too often about something else, unless
    the speaker is a party to the story: "“I have never discussed a tender,” he said")."""
    doc = found.cue_token.doc
    if text_of(doc)[found.content[0]] in "“\"'‘" or any(
        start <= found.content[0] < end for start, end in _quoted_ranges(doc)
    ):
        return party and _quoted_self_negation(found)
    tokens = _content_tokens(found)
    heads = [t for t in tokens if t.dep_ in {"ccomp", "ROOT", "xcomp"} or t.head.i == t.i
             or t.head.i == found.cue_token.i]
    verb = next((t for t in heads if t.pos_ in {"VERB", "AUX"}), None)
    if verb is None or (verb.lemma_.lower() in words("cognition_verbs") and not (
            verb.lemma_.lower() in DISAGREEING and any(c.dep_ == "ccomp"
                                                       for c in verb.children))):
        return False  # "said he did not know whether …" withholds no denial; "said he
        # does not think the contest will hurt the party" rejects what was put to him
    if not any(c.dep_ == "neg" for c in verb.children):
        return False
    own = {"he", "she", "they", "we", "i", "it"}
    subjects = [t for t in tokens if t.dep_ in {"nsubj", "nsubjpass"}]
    if not subjects:
        return False
    first = subjects[0].lower_
    if first not in own:
        return False
    source = found.source
    assert source is not None
    plural = source.head.tag_ in {"NNS", "NNPS"}
    if first == "it" and (_extraposed(verb) or _a_person(source)):
        return False  # "it is not surprising that …", "he said it would not happen": "it"
        # is something else (a firm's spokesman's "it" is the firm)
    return (first in PERSONAL and not plural) or (first in PLURAL and plural) or first in {
        "we", "i", "it"}


DISAGREEING = frozenset({"think", "believe"})


def _a_person(source: Mention) -> bool:
    """A speaker who is a person ("he", "Ana Ruiz"), not someone who speaks for a body."""
    heads = [source.head, *(source.resolved or ())]
    person = any(t.lower_ in PERSONAL or t.ent_type_ == "PERSON" for t in heads)
    return person and not any(_speaks_for(t) for t in source.tokens)


def _extraposed(verb: Token) -> bool:
    """ "It is not surprising that …", "it was not clear whether …": an "it" that stands
    for the clause after it, not for the speaker."""
    if verb.lemma_ != "be":
        return False
    complements = [c for c in verb.children if c.dep_ in {"acomp", "attr"}]
    return bool(complements) and any(
        c.dep_ in {"ccomp", "xcomp"} for node in (verb, *complements) for c in node.children)


def _quoted_self_negation(found: Found) -> bool:
    """A quotation whose first clause is "I/we never …" or "I/we did not …"."""
    tokens = [t for t in _content_tokens(found) if t.is_alpha]
    verb = next((t for t in tokens if t.pos_ in {"VERB", "AUX"} and t.dep_ in {
        "ROOT", "ccomp", "conj"}), None)
    if verb is None or verb.lemma_.lower() in words("cognition_verbs"):
        return False
    own = any(c.dep_ in {"nsubj", "nsubjpass"} and c.lower_ in {"i", "we"}
              for c in verb.children)
    return own and any(c.dep_ == "neg" or c.lower_ == "never" for c in verb.children)


def _in_response(token: Token) -> bool:
    """ "In response to …", "responding to …", or "asked about the allegations, she said"
    (asked about something the speaker is accused of, not just asked about someone)."""
    text = sentence(token).text.lower()
    return "in response to" in text or "responding to" in text or any(
        c.dep_ == "advcl" and c.lower_ == "asked" and any(
            t.lemma_.lower() in words("allegation_nouns") for t in c.subtree)
        for c in token.children)


def _answers_allegation(verb: Token) -> bool:
    """ "Responded on Sunday to accusations that …", "replied to the criticism"."""
    return any(c.dep_ == "prep" and c.lower_ == "to" and any(
        g.dep_ == "pobj" and g.lemma_.lower() in words("allegation_nouns")
        for g in c.children) for c in verb.children)


def _quote(token: Token, found: Found | None) -> Offsets | None:
    if found is not None and found.source is not None:
        start, end = found.extent
        text = text_of(token.doc)
        rest = text[end : found.sentence.end_char].rstrip()
        if 0 < len(rest) <= SHORT_REST and "“" not in rest and '"' not in rest:
            end += len(rest)  # "…,” he told Radio Merrow on Wednesday evening.": to whom, when
        return with_stop(text, (start, end))
    anchor = token
    while anchor.dep_ in {"xcomp", "acomp", "prep", "pobj"} and anchor.head.i != anchor.i:
        anchor = anchor.head
    if anchor.dep_ == "relcl":
        return tokens_span(subtree(anchor))
    tokens = subtree(anchor, without=[c for c in anchor.children
                                      if c.dep_ in {"advcl", "ccomp"} and c.i < anchor.i])
    span = tokens_span(tokens)
    return with_stop(text_of(token.doc), span) if span else None


def _firsthand(token: Token, quote: Offsets, reported: list[Offsets]) -> bool:
    near = [*token.children, *(token.head.children if token.dep_ != "ROOT" else [])]
    if any(c.lower_ in HEDGES for c in near):
        return False
    return not any(start <= quote[0] and quote[1] <= end for start, end in reported)


def _venue(token: Token) -> str | None:
    if token.lemma_ == "tell":
        for child in token.children:
            if child.dep_ in {"dobj", "dative"} and child.pos_ != "PRON":
                span = tokens_span(subtree(child))
                if span:
                    return text_of(child.doc)[span[0] : span[1]]
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in {"in", "on", "to"}:
            target = next((g for g in child.children if g.dep_ == "pobj"), None)
            if target is not None and (target.lemma_ in {"interview", "statement", "email",
                                                         "letter", "tweet", "post", "release"}
                                       or target.pos_ == "PROPN"):
                span = tokens_span(subtree(target))
                if span:
                    return text_of(token.doc)[span[0] : span[1]]
    return None


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
