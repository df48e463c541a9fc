"""Attributions a fact-checker cannot take at face value, and signals of doubt.

From the attributions: an unnamed informed source (anonymous), a loose collective
(vague), another outlet's report or an interview given to one (secondary), a document
the article neither names nor publishes (unnamed document). From the Matcher patterns in
`data/signals.json`: hedges ("reportedly", "is said to", "accused of"), admitted unknowns
("it is unclear whether", "could not be verified"), documents "obtained by" the outlet.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Token

from bot.analyzers.rules.attributions import Found, source_of
from bot.analyzers.rules.lexicon import DATA, words
from bot.analyzers.rules.own_outlet import is_own, names_own, own_outlets
from bot.analyzers.rules.source_kinds import classify, outlet_journalist
from bot.analyzers.rules.sources import Mention, mention
from bot.analyzers.rules.spans import (
    Offsets,
    longest_run,
    sentence,
    subtree,
    text_of,
    tokens_span,
    with_stop,
)
from bot.models import FlagKind, SourceType

BY_SOURCE = {
    SourceType.ANONYMOUS: FlagKind.ANONYMOUS_SOURCE,
    SourceType.VAGUE: FlagKind.VAGUE_SOURCE,
    SourceType.OUTLET: FlagKind.SECONDARY_REPORT,
    SourceType.DOCUMENT: FlagKind.UNNAMED_DOCUMENT,
}
REPORTING = frozenset({"report", "reveal", "publish", "write", "note", "say", "tweet", "claim",
                       "find", "detail", "describe", "quote", "cite", "break"})
NAMED_DOCUMENT = frozenset({"WORK_OF_ART", "LAW"})


@dataclass(frozen=True)
class FoundFlag:
    kind: FlagKind
    quote: Offsets
    why: str
    attribution: int | None = None  # index into the attributions
    relayed: bool = True  # another outlet's report carries what the flag covers


def find(nlp: Language, doc: Doc, attributions: list[Found]) -> list[FoundFlag]:
    """Every flag in text order; flags of one kind on overlapping words are merged."""
    out: list[FoundFlag] = []
    cues = {a.cue_token.i for a in attributions}
    own = own_outlets(doc)  # the article's own reporting rests on no other outlet
    for index, found in enumerate(attributions):
        if found.source is not None and not is_own(found.source, own):
            flag = _from_source(found, index)
            if flag is not None:
                out.append(flag)
        venue = _outlet_venue(found)
        if venue is not None and not names_own(venue, own):
            out.append(FoundFlag(FlagKind.SECONDARY_REPORT, phrase(found),
                                 f"given to another outlet ({venue}): check their report",
                                 index, relayed=False))
    for token in doc:
        if token.i in cues or token.lemma_.lower() not in REPORTING or token.pos_ != "VERB":
            continue
        source = source_of(token)
        if source is not None and classify(source) is SourceType.OUTLET and not is_own(
                source, own):
            span = clause(token)
            if span:
                out.append(FoundFlag(FlagKind.SECONDARY_REPORT, span,
                                     f"rests on {source.text}'s reporting"))
    out.extend(_signals(nlp, doc, attributions))
    out.extend(_obtained_documents(doc))
    out.extend(_correspondence(doc, own))
    out.extend(_collective_actors(doc, cues, [a.content for a in attributions]))
    return _merge(sorted(out, key=lambda f: f.quote))


OBTAINED = frozenset({"obtain", "see", "review", "view", "examine", "leak", "provide",
                      "share", "acquire"})


def _obtained_documents(doc: Doc) -> list[FoundFlag]:
    """A document the outlet has but does not publish, however far its "obtained by" is
    from it: "the documents, obtained by the Ledger through a records request", "her letter,
    emailed to delegates and obtained by the Ledger", "the emails, which were reviewed by"."""
    out = []
    for noun in doc:
        if noun.pos_ != "NOUN" or noun.lemma_.lower() not in words("document_heads") or (
                noun.ent_type_ in NAMED_DOCUMENT):
            continue
        clauses = [c for c in noun.children if c.dep_ in {"acl", "relcl"}]
        clauses += [g for c in clauses for g in c.children if g.dep_ == "conj"]
        if not any(c.lemma_.lower() in OBTAINED and any(
                g.dep_ == "agent" or (g.dep_ == "prep" and g.lower_ == "to")
                for g in c.children) for c in clauses):
            continue
        span = tokens_span(list(noun.subtree))
        if span:
            out.append(FoundFlag(FlagKind.UNNAMED_DOCUMENT, span,
                                 WHY_SIGNAL[FlagKind.UNNAMED_DOCUMENT]))
    return out


CORRESPONDENCE = frozenset({"letter", "email", "e-mail", "memo", "memorandum", "message",
                            "note"})


def _correspondence(doc: Doc, own: frozenset[str]) -> list[FoundFlag]:
    """A letter, email or memo between parties that the article describes but does not
    publish: "made that argument in letters to party leaders", "a letter to committee
    members calls for …". Not one sent to an outlet ("wrote in an email to the Ledger": an
    answer given to the press) and not an open letter."""
    out = []
    for noun in doc:
        if noun.pos_ != "NOUN" or noun.lemma_.lower() not in CORRESPONDENCE or not (
                noun.dep_ == "nsubj" or (noun.dep_ == "pobj" and noun.head.lower_ == "in")):
            continue
        if any(c.lower_ in {"open", "public"} or c.ent_type_ in NAMED_DOCUMENT
               for c in noun.children):
            continue
        to = next((g for c in noun.children if c.dep_ == "prep" and c.lower_ == "to"
                   for g in c.children if g.dep_ == "pobj"), None)
        if to is None or to.pos_ == "PRON":
            continue
        recipient = mention(list(to.subtree), to)
        if classify(recipient) is SourceType.OUTLET or is_own(recipient, own):
            continue
        span = clause(noun)
        if span:
            out.append(FoundFlag(FlagKind.UNNAMED_DOCUMENT, span,
                                 "correspondence the article describes but does not "
                                 "publish: ask to see it"))
    return out


LOOSE_QUANTIFIERS = frozenset({"some", "many", "several", "few", "numerous", "various",
                               "other", "others", "most", "multiple", "countless"})
LOOSE_CLASSES = frozenset({"critic", "observer", "analyst", "expert", "advocate", "skeptic",
                           "sceptic", "detractor", "commentator", "pundit", "opponent",
                           "supporter", "ally", "backer", "proponent", "defender"})


def _collective_actors(doc: Doc, cues: set[int], reported: list[Offsets]) -> list[FoundFlag]:
    """A loose collective doing or feeling something the article reports as fact ("some
    Republicans are wary", "many observers doubt it", "critics have decried the plan"): whose
    view it is cannot be checked. Only a quantified group ("some", "many in the party") or a
    generic class of commentators; a bare "Republicans voted" is a record, not a view."""
    out = []
    for token in doc:
        if token.i in cues or token.pos_ not in {"VERB", "AUX"} or token.dep_ in {
                "aux", "auxpass", "amod", "acl", "relcl", "xcomp", "pcomp"}:
            continue
        head = next((c for c in token.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        moved = next((c for c in token.children if c.dep_ == "dobj"), None)
        if token.lemma_.lower() in MOVING and moved is not None:
            head = moved  # "the plan has rankled many in the party": theirs is the feeling
        if head is None or not _loose(head) or not _stance(token) or any(
                start <= token.idx < end for start, end in reported):
            continue  # inside what a source is cited as saying, it rests on that source
        span = clause(token)
        words_of = tokens_span(list(head.subtree))
        if span and words_of:
            who = " ".join(text_of(doc)[words_of[0] : words_of[1]].split())
            out.append(FoundFlag(FlagKind.VAGUE_SOURCE, span,
                                 f"loose collective ({who}): who exactly, and how many?"))
    return out


STANCE_VERBS = frozenset({"welcome", "doubt", "decry", "condemn", "criticize", "criticise",
                          "worry", "fear", "interpret", "view", "question", "object", "oppose",
                          "complain", "praise", "applaud", "blame", "suspect", "wonder",
                          "resent", "fault", "deride", "denounce", "lament", "bristle",
                          "chafe", "balk", "grumble", "cheer", "celebrate", "mock", "slam"})
VOICED = frozenset({"concern", "outrage", "doubt", "frustration", "anger", "alarm", "support",
                    "opposition", "skepticism", "scepticism", "dismay", "fear", "worry",
                    "question", "objection", "reservation", "specter", "spectre"})
STANCE_STATES = frozenset({"wary", "skeptical", "sceptical", "angry", "outraged", "frustrated",
                           "concerned", "worried", "convinced", "opposed", "critical",
                           "furious", "uneasy", "nervous", "unhappy", "angered", "alarmed",
                           "dismayed", "incensed", "upset", "suspicious", "doubtful"})


MOVING = frozenset({"frustrate", "anger", "rankle", "irritate", "alarm", "worry", "trouble",
                    "upset", "dismay", "infuriate", "annoy", "unsettle", "disappoint",
                    "outrage", "unnerve", "spook", "irk", "incense", "enrage",
                    "baffle", "puzzle", "concern"})


def _stance(verb: Token) -> bool:
    """A view or a feeling: "doubt", "decried", "expressed concern", "are wary", "it
    frustrates many analysts"."""
    lemma = verb.lemma_.lower()
    if lemma in STANCE_VERBS or lemma in MOVING:
        return True
    if lemma in {"express", "voice", "raise", "share"}:
        return any(c.dep_ == "dobj" and c.lemma_.lower() in VOICED for c in verb.children)
    return verb.lower_ in STANCE_STATES or any(
        c.dep_ in {"acomp", "oprd"} and c.lower_ in STANCE_STATES for c in verb.children)


def _loose(head: Token) -> bool:
    lemma = head.lemma_.lower()
    if head.lower_ in {"many", "some", "several", "others"} and head.pos_ in {"PRON", "NOUN",
                                                                               "ADJ"}:
        return True  # "many in the party", "some interpret it as …"
    if head.tag_ not in {"NNS", "NNPS"}:
        return False
    quantified = any(c.dep_ in {"det", "amod", "quantmod"} and c.lower_ in LOOSE_QUANTIFIERS
                     for c in head.children)
    return quantified or lemma in LOOSE_CLASSES or (
        (lemma in words("vague_heads") or lemma in words("anonymous_heads")) and not any(
            c.dep_ in {"det", "poss"} for c in head.children))  # "business leaders decried
    # it", "Democratic strategists are skeptical"; not "the party's leaders", "these groups"


def _sees_as(verb: Token) -> bool:
    """ "Some analysts see the fee as a tax": a view, as unverified as what they say (not
    "a passer-by who saw the smoke")."""
    return verb.lemma_.lower() in {"see", "view", "regard"} and any(
        t.lower_ == "as" and t.i > verb.i for t in verb.subtree)


def phrase(found: Found) -> Offsets:
    """The attributing words alone: source and cue ("officials said", "according to X")."""
    if found.source is None:
        return found.cue
    first, last = found.source.tokens[0], found.source.tokens[-1]
    source = (first.idx, last.idx + len(last.text))
    if source[0] > found.cue[1] and source[0] - found.cue[1] > 40:
        return source  # "said on Monday, in a long aside, the official …": the source alone
    return min(source[0], found.cue[0]), max(source[1], found.cue[1])


def _from_source(found: Found, index: int) -> FoundFlag | None:
    source = found.source
    assert source is not None
    if not found.speech and found.cue_token.lemma_.lower() not in words("belief_verbs") and (
            not _sees_as(found.cue_token)):
        return None  # what unnamed people want or know is not a claim resting on them
    if any(c.dep_ == "neg" for c in found.cue_token.children):
        return None  # "police have not said what caused it": nothing rests on them
    kind = BY_SOURCE.get(classify(source))
    if kind is None and outlet_journalist(source.head):
        kind = FlagKind.SECONDARY_REPORT  # "CNN's Dana Bash tweeted": the outlet's reporting
    if kind is None:
        return None
    if kind is FlagKind.UNNAMED_DOCUMENT and any(t.ent_type_ in NAMED_DOCUMENT
                                                 for t in source.tokens):
        return None
    return FoundFlag(kind, phrase(found), _why(kind, source), index)


def _why(kind: FlagKind, source: Mention) -> str:
    who = " ".join(source.text.split())
    if len(who) > 60:
        who = who[:57].rstrip() + "…"
    return {
        FlagKind.ANONYMOUS_SOURCE: f"unnamed source ({who}): ask who, and how they know",
        FlagKind.VAGUE_SOURCE: f"loose collective ({who}): who exactly says so?",
        FlagKind.SECONDARY_REPORT: f"rests on another outlet ({who}): check their report",
        FlagKind.UNNAMED_DOCUMENT: f"document not named or published ({who}): ask to see it",
    }[kind]


def _outlet_venue(found: Found) -> str | None:
    """The outlet a statement was given to: "told Forbes", "acknowledged to Bloomberg", "in an
    interview with CNN", "gave an interview to the Ledger"."""
    verb = found.cue_token
    for child in verb.children:
        if (child.dep_ in {"dobj", "dative"} and verb.lemma_ == "tell") or (
                child.dep_ == "prep" and child.lower_ == "to" and found.speech):
            outlet = _outlet(child if child.dep_ != "prep" else _object(child))
            if outlet is not None:
                return outlet
        if child.dep_ == "prep" and child.lower_ in {"in", "during"}:
            interview = _object(child)
            if interview is not None and interview.lemma_ == "interview":
                for prep in interview.children:
                    if prep.dep_ == "prep" and prep.lower_ in {"with", "to"}:
                        outlet = _outlet(_object(prep))
                        if outlet is not None:
                            return outlet
    return None


def _object(prep: Token) -> Token | None:
    return next((c for c in prep.children if c.dep_ == "pobj"), None)


def _outlet(noun: Token | None) -> str | None:
    """The outlet `noun` names ("Forbes", "the Ledger's editor Ana Ruiz"), else None."""
    if noun is None or noun.pos_ == "PRON":
        return None
    target = mention(list(noun.subtree), noun)
    if classify(target) is SourceType.OUTLET:
        return target.text
    for owner in noun.subtree:  # "the Ledger's editor", "Ledger reporter Ana Ruiz"
        if owner.dep_ in {"poss", "compound"} and owner.pos_ == "PROPN" and (
                owner.ent_type_ != "PERSON") and owner.head.pos_ == "NOUN":
            employer = mention([t for t in owner.subtree if t.i <= owner.i], owner)
            if classify(employer) is SourceType.OUTLET:
                return employer.text
    return None


def clause(token: Token) -> Offsets | None:
    """The clause around `token`: its nearest verb's subtree, without joined clauses."""
    node = token
    while (node.pos_ not in {"VERB", "AUX"} or node.dep_ in NOT_A_CLAUSE or (
        node.dep_ == "ccomp" and node.head.lemma_.lower() in words("speech_verbs")
    )) and node.head.i != node.i:  # a hedge in reported words: the report is quoted whole
        node = node.head
    joined = [c for c in node.children if c.dep_ in {"conj", "cc"} or (
        c.dep_ in {"advcl", "parataxis"} and abs(c.i - token.i) > 3 and not
        (c.left_edge.i <= token.i <= c.right_edge.i))]
    run = longest_run(subtree(node, without=joined))
    if not any(t.i == token.i for t in run):
        run = [t for t in sentence(node) if abs(t.i - token.i) <= 12]
    span = tokens_span(run)
    return with_stop(text_of(token.doc), span) if span else None


NOT_A_CLAUSE = frozenset({"amod", "compound", "acl", "relcl", "aux", "auxpass", "xcomp",
                          "pcomp", "pobj", "prep", "advmod", "npadvmod"})
WHY_SIGNAL = {
    FlagKind.HEDGED: "hedged in the article itself: not established, find who says so",
    FlagKind.UNKNOWN_ADMITTED: "the article admits it does not know: do not fill the gap",
    FlagKind.UNNAMED_DOCUMENT: "a document the article has but does not publish: ask for it",
    FlagKind.SECONDARY_REPORT: "rests on other outlets' reporting: check the original",
    FlagKind.VAGUE_SOURCE: "criticism with no critic named: who says so, and how many?",
}


def _signals(nlp: Language, doc: Doc, attributions: list[Found]) -> list[FoundFlag]:
    out = []
    for match_id, start, end in _matcher(nlp)(doc):
        kind = FlagKind(nlp.vocab.strings[match_id])
        token = doc[start]
        if kind in {FlagKind.HEDGED, FlagKind.VAGUE_SOURCE} and any(
                _named(g) for t in doc[start:end] for c in t.children if c.dep_ == "agent"
                for g in c.children if g.dep_ == "pobj"):
            continue  # "accused by Ana Ruiz of", "criticized by the harbour master, Ana
            # Ruiz": the accuser is named; "accused by a reporter" stays unnamed
        if token.i > 0 and doc[token.i - 1].lower_ == "no":
            continue  # "no reported problems": nothing is hedged
        span = clause(token)
        if span:
            why = WHY_SIGNAL[kind]
            if kind is FlagKind.HEDGED:
                why = _hedge_why(doc[start:end].text, span, attributions)
            out.append(FoundFlag(kind, span, why))
    for token in doc:
        accuser = _accuser(token)
        if accuser is not None:
            span = clause(token)
            if span:
                out.append(FoundFlag(FlagKind.PARTY_ACCUSATION, span,
                                     f"an accusation by {accuser}, a party to the story: "
                                     "check it against the accused's answer"))
    return out


def _named(noun: Token) -> bool:
    return noun.pos_ == "PROPN" or noun.ent_type_ in {"PERSON", "ORG", "GPE", "NORP"} or any(
        c.dep_ == "appos" and c.pos_ == "PROPN" for c in noun.children)


def _hedge_why(hedge: str, span: Offsets, attributions: list[Found]) -> str:
    speaker = next((a.source for a in attributions if a.source is not None
                    and span[0] <= a.cue[0] < span[1]), None)
    if speaker is not None:
        return (f"“{hedge}”: said by {' '.join(speaker.name.split())}, but the "
                "report of it is unsourced")
    return f"“{hedge}”: no source named for it; find who says so"


def _accuser(token: Token) -> str | None:
    """ "Residents have accused X of …": who accuses, when the article names them."""
    if token.lemma_ != "accuse" or token.pos_ != "VERB" or any(
        c.dep_ in {"auxpass", "agent"} for c in token.children
    ):
        return None
    subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.pos_ == "PRON":
        return None
    source = mention(list(subject.subtree), subject)
    if classify(source) in BY_SOURCE:
        return None  # an unnamed or vague accuser is flagged as such
    return " ".join(source.text.split())


@cache
def _patterns() -> dict[str, list[list[dict[str, object]]]]:
    raw = json.loads((DATA / "signals.json").read_text("utf-8"))
    return {k: v for k, v in raw.items() if not k.startswith("_")}


_matchers: dict[int, Matcher] = {}


def _matcher(nlp: Language) -> Matcher:
    matcher = _matchers.get(id(nlp))
    if matcher is None:
        matcher = Matcher(nlp.vocab)
        for kind, patterns in _patterns().items():
            matcher.add(kind, patterns)
        _matchers[id(nlp)] = matcher
    return matcher


def _merge(flags: list[FoundFlag]) -> list[FoundFlag]:
    kept: list[FoundFlag] = []
    for flag in flags:
        if any(flag.kind is other.kind and flag.quote[0] < other.quote[1]
               and other.quote[0] < flag.quote[1] for other in kept):
            continue
        kept.append(flag)
    return kept
