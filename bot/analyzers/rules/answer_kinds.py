"""Which kind of answer a word carries, if any: a denial, a refusal to comment (the forms
in `refusals`), or a non-denial ("acknowledged", "fired back", "stayed silent", a
spokesperson's statement, something done in response to questions).
"""

from __future__ import annotations

from spacy.tokens import Token

from bot.analyzers.rules.attribution_record import Found
from bot.analyzers.rules.denial_forms import (
    DENY,
    contains_any,
    denies,
    negated_claim,
    pleads_innocence,
    rejects_allegation,
    says_it_denies,
    says_no_comment,
    self_negation,
    speaks_for,
)
from bot.analyzers.rules.lexicon import phrases, words
from bot.analyzers.rules.refusals import (
    declined,
    has_det,
    negated,
    refused,
    unanswered,
    unavailable,
    withholds,
    yet_to_answer,
)
from bot.analyzers.rules.spans import sentence
from bot.models import DenialKind

NO_ANSWER_NOUNS = frozenset({"comment", "response", "reply", "answer"})
LITTLE_TO_SAY = {"nothing": DenialKind.NO_COMMENT, "little": DenialKind.NON_DENIAL}
DENY_IF_ALLEGATION = frozenset({"reject", "dismiss", "contest", "challenge"})
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


def answer_kind(token: Token, found: Found | None) -> DenialKind | None:
    lemma = token.lemma_.lower()
    if token.pos_ == "NOUN" and lemma in NO_ANSWER_NOUNS:
        return DenialKind.NO_COMMENT if has_det(token, "no") else None  # "had no comment",
        # "there was no immediate response from X"
    if lemma in LITTLE_TO_SAY and any(
            c.dep_ in {"relcl", "acl"} and c.lemma_ in {"say", "add"}
            and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)
            for c in token.children) and not any(
            c.lower_ in {"too", "so"} or c.dep_ == "amod" for c in token.children):
        return LITTLE_TO_SAY[lemma]  # "had nothing to say", "had little to add" (not "had
        # too little to say about …", a complaint, or "nothing bad to say about her")
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
    if pleads_innocence(token, lemma):
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
    if lemma in DENY_IF_ALLEGATION and rejects_allegation(token):
        return DenialKind.DENIAL
    if lemma == "call" and any(c.dep_ in {"oprd", "xcomp", "acomp"} and
                               (c.lower_,) in phrases("denial_words") for c in token.children):
        return DenialKind.DENIAL
    if lemma == "confirm" and any(c.dep_ == "conj" and c.lemma_ == "deny"
                                  for c in token.children):
        return DenialKind.NON_DENIAL  # "would neither confirm nor deny"; a plain "confirmed"
        # answers only from a party to the story (see party_speech)
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
    if lemma in {"say", "confirm"} and found is not None and _only(token):
        return DenialKind.NON_DENIAL  # "would only say that the company was reviewing it"
    if _plays_down(token, lemma):
        return DenialKind.NON_DENIAL  # "downplayed the report", "brushed aside questions",
        # "stood by his remarks", "walked back the comments"
    if lemma == "maintain" and found is not None and not any(c.dep_ == "dobj"
                                                             for c in token.children):
        # "has maintained that …", "“…,” she maintained"; not "maintains close ties"
        return _by_content(found) or DenialKind.NON_DENIAL
    if found is not None and found.speech and found.source is not None:
        return _speech_kind(found)
    if found is None and _done_in_response(token):
        return DenialKind.NON_DENIAL  # "in response to the Ledger's questions, she repaid"
    return None


PLAY_DOWN = frozenset({"downplay", "sidestep", "dodge", "deflect", "evade", "rebuff"})
PARTICLE_PLAY_DOWN = {"play": "down", "brush": "aside", "shrug": "off", "walk": "back",
                      "laugh": "off", "wave": "off"}
PARTICLES = frozenset({"off", "aside", "down", "back"})
ANSWERED = frozenset({"question", "query", "comment", "remark", "statement", "issue"})


def _plays_down(verb: Token, lemma: str) -> bool:
    """An answer that neither denies nor concedes, to something put to the answerer: it is
    downplayed, sidestepped, brushed aside or off, shrugged off, walked back or stood by ("stood
    by his remarks", not "stood by her side"; "sidestepped questions", not "sidestepped the
    rules")."""
    particle = {c.lower_ for c in verb.children if c.dep_ in {"prt", "advmod"} or (
        c.dep_ == "prep" and c.lower_ in PARTICLES)}  # "laughed off the claims" parses either way
    if lemma in PLAY_DOWN or PARTICLE_PLAY_DOWN.get(lemma) in particle or (
            lemma == "brush" and "off" in particle):
        things = [c for c in verb.children if c.dep_ == "dobj"] + [
            g for c in verb.children if c.dep_ in {"prt", "prep"} and c.lower_ in PARTICLES
            for g in c.children if g.dep_ == "pobj"]  # "shrugged off the criticism", parsed
        # either way
    elif lemma == "stand" and any(c.dep_ == "prep" and c.lower_ == "by" for c in verb.children):
        things = [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "by"
                  for g in c.children if g.dep_ == "pobj"]
    else:
        return False
    return any(t.lemma_.lower() in ANSWERED or t.lemma_.lower() in words("allegation_nouns")
               for t in things)


def _only(verb: Token) -> bool:
    """ "Would only say", "will say only that": an answer held to a minimum."""
    return any(c.dep_ == "aux" and c.lower_ in {"would", "will"} for c in verb.children) and any(
        c.lower_ == "only" for c in verb.children)


def _done_in_response(verb: Token) -> bool:
    """ "In response to the Ledger's queries, Keel refunded the money": something done, not
    said, as the answer to questions or an allegation; something done by someone, not an act
    that "came in response" ("the order came in response to a request" answers nothing)."""
    if verb.lemma_ in {"come", "be"} or not any(c.dep_ == "nsubj" for c in verb.children):
        return False
    return any(
        c.dep_ == "prep" and c.lower_ == "in" and any(
            g.dep_ == "pobj" and g.lemma_ == "response" and any(
                p.dep_ == "prep" and p.lower_ == "to" and any(
                    o.dep_ == "pobj" and (o.lemma_.lower() in words("allegation_nouns")
                                          or o.lemma_.lower() in ASKED)
                    for o in p.children) for p in g.children) for g in c.children)
        for c in verb.children)


ASKED = frozenset({"question", "query", "inquiry", "request", "call", "letter", "email"})


def _defends_another(verb: Token) -> bool:
    """What is defended belongs to someone named, not to the defender: "defended Cruz",
    "defended Florida's marriage ban" (not "defended his role" or "defended the decision")."""
    return any(c.dep_ == "dobj" and (c.pos_ == "PROPN" or c.ent_type_ == "PERSON" or any(
        g.dep_ == "poss" and g.pos_ == "PROPN" for g in c.children)) for c in verb.children)


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


def _by_content(found: Found | None) -> DenialKind | None:
    if found is None:
        return None
    return DenialKind.DENIAL if denies(found) or negated_claim(found) else None


def _speech_kind(found: Found) -> DenialKind | None:
    if withholds(found) or says_no_comment(found):
        return DenialKind.NO_COMMENT  # "said she would not comment on an ongoing inquiry"
    if denies(found) or self_negation(found) or says_it_denies(found):
        return DenialKind.DENIAL
    if contains_any(found, "deflection_words"):
        return DenialKind.NON_DENIAL  # "said the allegations were politically motivated"
    source = found.source
    assert source is not None
    if any(speaks_for(t) for t in (source.head, *source.head.children)
           if t.i == source.head.i or t.dep_ in {"appos", "compound"}) or _in_response(
               found.cue_token):
        return DenialKind.DENIAL if negated_claim(found) else DenialKind.NON_DENIAL
    return None


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
