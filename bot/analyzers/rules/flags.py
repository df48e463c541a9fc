"""Attributions a fact-checker cannot take at face value, and signals of doubt.

From the attributions: an unnamed informed source (anonymous), a loose collective
(vague), another outlet's report or an interview given to one (secondary), a document
the article neither names nor publishes (unnamed document). From the Matcher patterns
(`signals`): hedges ("reportedly", "is said to", "accused of"), admitted unknowns ("it is
unclear whether", "could not be verified"), words of anonymity. From the parse: documents
the outlet has (`documents`) and loose collectives' views (`collectives`).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Token

from bot.analyzers.rules.attribution_record import Found
from bot.analyzers.rules.collectives import collective_actors, feelings_among, loose, sees_as
from bot.analyzers.rules.documents import (
    NAMED_DOCUMENT,
    correspondence,
    obtained_documents,
    shown_by_documents,
)
from bot.analyzers.rules.findings import BY_SOURCE, FoundFlag, clause
from bot.analyzers.rules.lexicon import words
from bot.analyzers.rules.own_outlet import OwnOutlet, is_own, names_own, own_outlets
from bot.analyzers.rules.signals import signals
from bot.analyzers.rules.source_kinds import classify, outlet_journalist
from bot.analyzers.rules.sources import Mention, mention
from bot.analyzers.rules.spans import (
    Offsets,
)
from bot.analyzers.rules.speakers import source_of, speaker_after
from bot.models import FlagKind, SourceType

REPORTING = frozenset({"report", "reveal", "publish", "write", "note", "say", "tweet", "claim",
                       "find", "detail", "describe", "quote", "cite", "break"})
BROKEN_BY = frozenset({"report", "reveal", "publish", "break", "detail", "describe"})
HYPOTHETICAL = frozenset({"would", "might", "could", "may", "should", "'d", "will", "'ll",
                          "must"})


def find(nlp: Language, doc: Doc, attributions: list[Found]) -> list[FoundFlag]:
    """Every flag in text order; flags of one kind on overlapping words are merged."""
    out: list[FoundFlag] = []
    cues = {a.cue_token.i for a in attributions}
    own = own_outlets(doc)  # the article's own reporting rests on no other outlet
    unsourced = set()  # cues whose subject is no source: ", reported the Ledger" after it
    for index, found in enumerate(attributions):
        if found.source is not None and not is_own(found.source, own):
            flag = _from_source(found, index)
            if flag is not None:
                out.append(flag)
        if found.source is None or classify(found.source) in {SourceType.UNKNOWN,
                                                              SourceType.PRONOUN}:
            unsourced.add(found.cue_token.i)
        venue = _outlet_venue(found)
        if venue is not None and not names_own(venue, own):
            out.append(FoundFlag(FlagKind.SECONDARY_REPORT, phrase(found),
                                 f"given to another outlet ({venue}): check their report",
                                 index, relayed=False))
    contents = [a.content for a in attributions]
    for token in doc:
        if token.i not in cues:
            flag = _uncued_speaker(token, contents)
            if flag is not None:
                out.append(flag)
        if (token.i in cues and token.i not in unsourced) or (
                token.lemma_.lower() not in REPORTING or token.pos_ != "VERB"):
            continue
        source = _reporter(token)
        if source is not None and classify(source) is SourceType.OUTLET and not is_own(
                source, own):
            span = clause(token)
            if span:
                out.append(FoundFlag(FlagKind.SECONDARY_REPORT, span,
                                     f"rests on {_owning(source.text)} reporting"))
    out.extend(_outlet_reports(doc, own))
    sourced = [f.quote for f in out
               if f.kind in {FlagKind.ANONYMOUS_SOURCE, FlagKind.VAGUE_SOURCE}]
    out.extend(signals(nlp, doc, attributions, sourced))
    out.extend(obtained_documents(doc))
    out.extend(correspondence(doc, own))
    out.extend(shown_by_documents(doc, cues, own))
    out.extend(collective_actors(doc, cues, contents))
    out.extend(feelings_among(doc, contents))
    return _merge(sorted(out, key=lambda f: f.quote))


def _uncued_speaker(verb: Token, contents: list[Offsets]) -> FoundFlag | None:
    """An unnamed or loose speaker of a speech verb with a clause that no attribution the
    rules found covers (the cue model's alone): "One official even suggested raising
    questions", "many Democrats have warned the Fed not to act", "some of the families
    claim". The one place this is decided, for loose collectives too (their views and
    feelings are `collectives`'). Not inside `contents`, what sources are reported as
    saying: there it rests on their source; not a refusal, a request or a demand ("some
    declined to comment", "a few lawmakers have called for a prosecutor"), nor what
    they did not or would say."""
    if verb.pos_ != "VERB" or verb.lemma_.lower() not in words("speech_verbs") or (
            verb.lemma_.lower() in {"decline", "refuse", "ask", "call", "demand", "urge"}):
        return None
    if any(start <= verb.idx < end for start, end in contents):
        return None
    if not any(c.dep_ in {"ccomp", "xcomp", "parataxis"} for c in verb.children) or any(
            c.dep_ == "neg" or (c.dep_ == "aux" and c.lower_ in HYPOTHETICAL)
            for c in verb.children):
        return None
    head = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if head is None:
        return None
    source = mention(list(head.subtree), head)
    kind = BY_SOURCE.get(classify(source)) if head.pos_ != "PRON" else None
    if kind not in {FlagKind.ANONYMOUS_SOURCE, FlagKind.VAGUE_SOURCE}:
        if not loose(head):
            return None
        kind = FlagKind.VAGUE_SOURCE  # "some of the families claim", "many argue"
    first, last = source.tokens[0], verb
    return FoundFlag(kind, (first.idx, last.idx + len(last.text)), _why(kind, source))


DISPUTING = frozenset({"call", "dismiss", "deny", "reject", "dispute", "criticize",
                       "criticise", "attack", "slam", "blast", "question", "challenge",
                       "refute", "rebut", "contest", "mock", "ridicule", "decry"})
REPORT_NOUNS = frozenset({"report", "story", "article", "piece", "reporting",
                          "investigation", "analysis", "exposé", "expose", "scoop"})


def _outlet_reports(doc: Doc, own: OwnOutlet) -> list[FoundFlag]:
    """Another outlet's report named as a thing, not as a reporting verb's subject: "a
    report in the Ledger this week", "shared a story from the news site Harbour Info",
    "the Ledger's reporting", "a Ledger investigation"."""
    out = []
    for noun in doc:
        if noun.pos_ != "NOUN" or noun.lemma_.lower() not in REPORT_NOUNS or any(
                c.lower_ == "no" for c in noun.children) or (
                noun.dep_ == "dobj" and noun.head.lemma_.lower() in DISPUTING):
            continue  # "no reports by the outlets", "called the Ledger's report a rush
            # to judgment": nothing rests on it
        owners = [c for c in noun.children if c.dep_ in {"poss", "compound"}
                  and c.pos_ == "PROPN"]
        owners += [g for c in noun.children if c.dep_ == "prep"
                   and c.lower_ in {"in", "by", "from", "on"}
                   for g in c.children if g.dep_ == "pobj"]
        for owner in owners:
            words_of = [t for t in owner.subtree if t.i <= owner.i] if owner.dep_ in {
                "poss", "compound"} else list(owner.subtree)
            outlet = mention(words_of, owner)
            if classify(outlet) is SourceType.OUTLET and not is_own(outlet, own):
                span = clause(noun)
                if span:
                    out.append(FoundFlag(FlagKind.SECONDARY_REPORT, span,
                                         f"rests on {' '.join(outlet.text.split())}'s "
                                         "reporting"))
                break
    return out


def _owning(name: str) -> str:
    """ "the Tribune's", "the Brenmouth News's", "several newspapers'"."""
    name = " ".join(name.split())
    last = name.rsplit(" ", 1)[-1]
    plural = last.islower() and last.endswith("s") and not last.endswith("ss")
    return f"{name}'" if plural else f"{name}'s"


def _reporter(verb: Token) -> Mention | None:
    """Who a reporting verb's subject is, also when the parse lost it: after the verb in
    an inverted attribution (", reports USA Today", ", reported the Ledger"), or a noun the
    verb was hung on ("Multiple outlets reported …", parsed as a clause of "outlets"); of a
    passive verb, its agent ("first broken by the Tribune", "reported by several papers")."""
    agent = next((g for c in verb.children if c.dep_ == "agent" for g in c.children
                  if g.dep_ == "pobj"), None) if verb.lemma_.lower() in BROKEN_BY else None
    if agent is not None:
        by = mention(list(agent.subtree), agent)
        if classify(by) is SourceType.OUTLET:
            return by
    source = source_of(verb)
    if source is not None and classify(source) is SourceType.OUTLET:
        return source
    if verb.i > 0 and verb.doc[verb.i - 1].text == ",":
        after = speaker_after(verb)
        if after is not None:
            return after
        named = next((c for c in verb.children if c.i > verb.i and c.pos_ == "PROPN"
                      and c.dep_ in {"dobj", "nsubj", "npadvmod", "attr"}), None)
        if named is not None:  # the name NER missed: "reported the Almera Ledger"
            return mention(list(named.subtree), named)
    if verb.dep_ == "acl" and verb.head.pos_ == "NOUN" and (verb.tag_ == "VBD" or (
            verb.head.tag_ == "NNS" and not any(c.dep_ == "agent" for c in verb.children))):
        return mention(list(verb.head.subtree)[: verb.head.i - verb.head.left_edge.i + 1],
                       verb.head)
    return source


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
            not sees_as(found.cue_token)):
        return None  # what unnamed people want or know is not a claim resting on them
    if any(c.dep_ == "neg" for c in found.cue_token.children):
        return None  # "police have not said what caused it": nothing rests on them
    kind = BY_SOURCE.get(classify(source))
    verbs = [found.cue_token] + ([found.cue_token.head] if found.cue_token.dep_ == "xcomp"
                                 else [])  # "clerks would be allowed to deny"
    if kind in {FlagKind.ANONYMOUS_SOURCE, FlagKind.VAGUE_SOURCE,
                FlagKind.SECONDARY_REPORT} and any(
            c.dep_ == "aux" and c.lower_ in HYPOTHETICAL for v in verbs for c in v.children):
        return None  # "voters might blame the mayor", "the media will call it": what
        # people or papers would say, not a report
        # ("the draft would cut the levy" is what a document provides, so still flagged)
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


def _merge(flags: list[FoundFlag]) -> list[FoundFlag]:
    kept: list[FoundFlag] = []
    for flag in flags:
        if any(flag.kind is other.kind and flag.quote[0] < other.quote[1]
               and other.quote[0] < flag.quote[1] for other in kept):
            continue
        kept.append(flag)
    return kept
