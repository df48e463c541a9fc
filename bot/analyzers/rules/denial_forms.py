"""The forms a denial takes: a verb that denies ("deny", "dispute", "insist"), a plea of
innocence, rejecting an allegation, words that deny in what a party says ("no role",
"not true"), a speaker negating a statement about itself ("said he did not own…"), and
who speaks for a party (a spokesperson, someone's lawyer).
"""

from __future__ import annotations

from spacy.tokens import Token

from bot.analyzers.rules.attribution_record import Found
from bot.analyzers.rules.lexicon import phrases, words
from bot.analyzers.rules.quotation_ranges import quoted_ranges
from bot.analyzers.rules.refusals import announced, has_det
from bot.analyzers.rules.sources import PERSONAL, PLURAL, Mention
from bot.analyzers.rules.spans import text_of

CONTRACTED_NOT = frozenset({"n't", "n’t"})
INTENSIFIERS = frozenset({"full", "fully", "complete", "completely", "total", "totally",
                          "entirely", "absolutely", "strict", "strictly", "utterly"})
DENY = frozenset({"deny", "dispute", "refute", "rebut", "disavow", "repudiate", "insist"})

INNOCENCE = frozenset({"innocence", "innocent"})


def pleads_innocence(verb: Token, lemma: str) -> bool:
    """ "Pleaded not guilty", "pleads innocent", "maintained (or protested) his innocence"."""
    if lemma == "plead":
        below = [t.lower_ for t in verb.subtree if t.i > verb.i][:4]
        return ("guilty" in below and "not" in below) or bool(INNOCENCE & set(below))
    return lemma in {"maintain", "protest", "proclaim", "assert"} and any(
        c.dep_ == "dobj" and c.lemma_.lower() in INNOCENCE for c in verb.children)


def rejects_allegation(token: Token) -> bool:
    nouns = words("allegation_nouns")
    return any(
        (c.dep_ == "dobj" and c.lemma_.lower() in nouns) or c.dep_ == "ccomp"
        for c in token.children
    )


def says_it_denies(found: Found) -> bool:
    """ "The firm said it 'categorically denies' the claims": the speaker's own denial."""
    clause = next((c for c in found.cue_token.children if c.dep_ == "ccomp"), None)
    return clause is not None and clause.lemma_.lower() in DENY and any(
        c.dep_ == "nsubj" and (c.lower_ in OWN or any(
            g.dep_ == "poss" and g.lower_ in OWN_POSSESSIVE for g in c.children))
        for c in clause.children)  # "said his client 'categorically denies' them" too


OWN = frozenset({"it", "he", "she", "they", "we", "i"})
OWN_POSSESSIVE = frozenset({"its", "his", "her", "their", "our", "my"})


def speaks_for(token: Token) -> bool:
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


def says_no_comment(found: Found) -> bool:
    """ "“No comment,” she said", "said she had “no comment”"."""
    return any(t.lower_ == "comment" and has_det(t, "no") for t in _content_tokens(found))


def denies(found: Found) -> bool:
    return contains_any(found, "denial_words")


def contains_any(found: Found, word_list: str) -> bool:
    """Whether the words of `found`'s content hold a phrase of `word_list`; a contracted
    "n't" reads as "not" ("isn't true" holds "not true") and intensifiers are skipped."""
    lowered = ["not" if t.lower_ in CONTRACTED_NOT else t.lower_ for t in _content_tokens(found)
               if t.lower_ not in INTENSIFIERS]  # "in full compliance with", "did absolutely
    # nothing wrong": the phrase with the intensifier left out
    present = set(lowered)
    return any(phrase[0] in present and _contains(lowered, phrase)
               for phrase in phrases(word_list))


def _contains(sequence: list[str], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    first = phrase[0]
    return any(word == first and tuple(sequence[i : i + n]) == phrase
               for i, word in enumerate(sequence[: len(sequence) - n + 1]))


NEGATIVE = frozenset({"nothing", "none", "nobody", "never"})
NEAR_CLAUSE = 3  # tokens from the verb to its clause: "maintained on Monday that …"


def negated_claim(found: Found) -> bool:
    """The reported clause negates its own predicate: "maintained they were not marked
    classified", "responded that she never would have sent it", "said none of the invoices
    were inflated", "said it had no knowledge of them" (not "said he did not know whether",
    which withholds)."""
    verb = found.cue_token
    clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
    if clause is None or clause.lemma_.lower() in words("cognition_verbs") or (
            clause.left_edge.i - verb.i > NEAR_CLAUSE):
        return False  # "responded with a piece entitled “… are not …”": a title, not a claim
    subjects = [c for c in clause.children if c.dep_ in {"nsubj", "nsubjpass", "expl"}]
    if not subjects or not all(
            c.lower_ in OWN or c.lower_ in NEGATIVE or c.dep_ == "expl" or (
                c.pos_ == "NOUN" and not any(t.pos_ == "PROPN" for t in c.subtree))
            for c in subjects):
        return False  # "said Clinton's record is not good", "suggesting that might not be
        # enough": what is negated is said of someone named, or of what they said, an attack
    return not _intends(clause) and any(c.dep_ == "neg" or c.lower_ in NEGATIVE or (
        c.dep_ in {"nsubj", "nsubjpass", "dobj", "attr"} and any(
            g.dep_ == "det" and g.lower_ == "no" for g in c.children))
        for c in clause.children)


def self_negation(found: Found, party: bool = False) -> bool:
    """ "X said he did not …": the speaker negates a statement about itself (in reported
    speech: a direct quotation's "we did not" is too often about something else, unless
    the speaker is a party to the story: "“I have never discussed a tender,” he said")."""
    doc = found.cue_token.doc
    if text_of(doc)[found.content[0]] in "“\"'‘" or any(
        start <= found.content[0] < end for start, end in quoted_ranges(doc)
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
    if not any(c.dep_ == "neg" for c in verb.children) or _intends(verb):
        return False
    subjects = [t for t in tokens if t.dep_ in {"nsubj", "nsubjpass"}]
    if not subjects:
        return False
    first = subjects[0].lower_
    if first not in OWN:
        return False
    source = found.source
    assert source is not None
    plural = source.head.tag_ in {"NNS", "NNPS"}
    if first == "it" and (_extraposed(verb) or _a_person(source)):
        return False  # "it is not surprising that …", "he said it would not happen": "it"
        # is something else (a firm's spokesman's "it" is the firm)
    if first in PERSONAL and (source.head.like_num or source.head.lower_ in COUNTED or any(
            c.dep_ in {"dative", "dobj"} and c.lower_ == OBJECT_FORM.get(first)
            for c in found.cue_token.children)):
        return False  # "55 percent of voters say she does not", "told her she did not
        # need …": "she" is someone else, not the speaker
    return (first in PERSONAL and not plural) or (first in PLURAL and plural) or first in {
        "we", "i", "it"}


DISAGREEING = frozenset({"think", "believe"})
FUTURE = frozenset({"will", "would", "wo", "'ll", "shall"})
ABLE = frozenset({"can", "could", "ca"})
COUNTED = frozenset({"percent", "%", "majority", "share", "third", "half", "quarter"})
OBJECT_FORM = {"he": "him", "she": "her"}


def _intends(verb: Token) -> bool:
    """ "Would not recommend charges", "will not run again", "was not going to resign", "said
    she couldn't fulfil her dream": a decision, an intention or an inability, not the denial
    of a fact ("would never have sent it" and "cannot be called a burden" still deny one)."""
    aux = {c.lower_ for c in verb.children if c.dep_ in {"aux", "auxpass"}}
    return announced(verb) is not None or (bool(aux & FUTURE) and "have" not in aux) or (
        bool(aux & ABLE) and not any(c.dep_ == "auxpass" for c in verb.children))


def _a_person(source: Mention) -> bool:
    """A speaker who is a person ("he", "Ana Ruiz"), not someone who speaks for a body."""
    heads = [source.head, *(source.resolved or ())]
    person = any(t.lower_ in PERSONAL or t.ent_type_ == "PERSON" for t in heads)
    return person and not any(speaks_for(t) for t in source.tokens)


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
