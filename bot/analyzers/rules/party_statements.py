"""The parties to a story as answerers: who gives (or withholds) an answer, the names a
party goes by, and what a party says within two sentences of where it answers or is
accused (those statements answer too).
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from bot.analyzers.rules.answer_kinds import CONCEDE
from bot.analyzers.rules.attribution_record import Found
from bot.analyzers.rules.denial_forms import denies, negated_claim, self_negation
from bot.analyzers.rules.lexicon import words
from bot.analyzers.rules.quotation_ranges import in_quotation
from bot.analyzers.rules.refusals import asked_party, unanswered, withholds
from bot.analyzers.rules.response_record import (
    REFLEXIVE,
    OutletReports,
    Response,
    firsthand,
    quote_span,
    venue_of,
)
from bot.analyzers.rules.source_kinds import classify
from bot.analyzers.rules.sources import Mention, mention
from bot.analyzers.rules.spans import sentence_index
from bot.analyzers.rules.speakers import source_of
from bot.models import DenialKind, SourceType

ACCUSING = frozenset({"accuse", "allege", "charge", "indict", "sue", "investigate", "probe",
                      "criticize", "criticise", "blame", "fault", "attack", "question"})


def party_speech(doc: Doc, attributions: list[Found], found: list[Response],
                  reported: OutletReports) -> list[Response]:
    """What a party says near where the article has it deny, decline or not respond, or
    has it accused: those statements answer too, as non-denials unless their words deny. Far
    from any of these, a party's words are its own claims; near a non-denial read from a
    party's words ("acknowledged", a spokesman's statement) they are not taken as answers on
    a second guess, but near one it gave by deed or by an answering verb ("in response to
    the Ledger's questions, she repaid …", "fired back") they are."""
    anchors: dict[str, list[int]] = {}
    cues = {a.cue_token.i for a in attributions}
    for response in found:
        if response.by is not None and (response.kind is not DenialKind.NON_DENIAL
                                        or (response.anchor.i not in cues
                                            and response.anchor.lemma_ not in CONCEDE)):
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
                or in_quotation(doc, verb.idx) or classify(source) is SourceType.VAGUE
                or verb.lemma_.lower() in ACCUSING):
            continue  # "some of her allies said": a loose group is no party answering; "Ruiz
            # accused Keel of …": an allegation made, not answered
        here = sentence_index(verb)
        if not any(abs(here - at) <= NEAR_ANSWER for key in _party_keys(source)
                   for at in anchors.get(key, ())):
            continue
        quote = quote_span(verb, attribution)
        if quote is None:
            continue
        kind = DenialKind.NO_COMMENT if withholds(attribution) else (
            DenialKind.DENIAL if denies(attribution) or self_negation(attribution, party=True)
            or negated_claim(attribution) else DenialKind.NON_DENIAL)
        out.append(Response(kind, quote, verb, source, firsthand(verb, quote, reported),
                            venue_of(verb)))
    return out


NEAR_ANSWER = 2  # sentences

OWN_PEOPLE = frozenset({"manager", "executive", "ceo", "chairman", "chairwoman", "chair",
                        "president", "director", "secretary", "aide", "adviser", "advisor",
                        "strategist", "officer", "counsel", "founder", "owner", "chief"})


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
        if (head.pos_ != "PROPN" and head.ent_type_ != "PERSON") or (
                head.dep_ == "compound" and head.head.pos_ == "PROPN"):
            continue  # only the last word of a name stands for it (a surname the parser
            # takes for a noun, "Ruiz campaign manager Jon Berg", is one)
        role = head.head
        if head.dep_ == "compound" and role.pos_ == "NOUN" and role.head.i != role.i and (
                role.head.ent_type_ == "PERSON"
                and role.lemma_.lower() not in words("response_roles") | OWN_PEOPLE):
            continue  # "Keel ally Tomas Berg" is Berg, not Keel's voice; "Keel campaign
            # manager Jon Kohan" or "Harlan chief executive Ilse Moran" speak for Keel, Harlan
        if head.ent_type_ == "PERSON":
            keys.add(head.lower_)
        else:
            name = [t for t in head.subtree if t.pos_ == "PROPN" and t.i <= head.i]
            keys.add(" ".join(t.lower_ for t in name))
    return {key for key in keys if len(key) > 2}


def answerer(token: Token) -> Mention | None:
    """Who gives (or withholds) the answer `token` carries: the verb's subject; for "had no
    comment" or "yet to respond", the governing verb's; for "no one at X" ("nobody in X",
    "none of X"), X; for "no response from X", X."""
    if unanswered(token):
        return asked_party(token)
    if token.pos_ == "NOUN":
        origin = next((g for c in token.children if c.dep_ == "prep" and c.lower_ == "from"
                       for g in c.children if g.dep_ == "pobj"), None)
        if origin is not None:
            return mention(list(origin.subtree), origin)
    by = source_of(token)
    if (by is None and token.dep_ in {"xcomp", "acomp", "dobj"}) or (
            by is not None and by.head.lower_ in REFLEXIVE):
        by = source_of(token.head)  # "did not make herself available": who did not
    if by is not None and by.head.lower_ in {"it", "they"} and by.resolved is None:
        by = _speaker_of_itself(token) or by  # "Nordvik said it would not comment"
    if by is not None and by.head.lower_ in {"one", "nobody", "none"}:
        at = next((g for c in by.head.children if c.dep_ == "prep" and c.lower_ in {
            "at", "from", "for", "in", "of"} for g in c.children if g.dep_ == "pobj"), None)
        return mention(list(at.subtree), at) if at is not None else None
    return by


def _speaker_of_itself(token: Token) -> Mention | None:
    """The speaker a reported "it" or "they" stands for: "The operator, Nordvik Lines, said
    it was cooperating but would not comment" (the operator speaks of itself)."""
    node = token
    while node.dep_ in {"conj", "xcomp", "aux", "neg"} and node.head.i != node.i:
        node = node.head
    if node.dep_ != "ccomp" or node.head.lemma_.lower() not in words("speech_verbs"):
        return None
    speaker = source_of(node.head)
    if speaker is None or speaker.head.pos_ == "PRON":
        return None
    return speaker
