"""Documents the outlet has but does not publish, found in the parse: one "obtained by" it
however far the words are apart, correspondence between parties the article describes
("in letters to party leaders"), and unnamed documents that show a thing rather than a
clause ("records show a pattern of late payments", "polls show a tight race")."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from bot.analyzers.rules.findings import FoundFlag, clause
from bot.analyzers.rules.lexicon import words
from bot.analyzers.rules.own_outlet import OwnOutlet, is_own
from bot.analyzers.rules.source_kinds import classify
from bot.analyzers.rules.sources import mention
from bot.analyzers.rules.spans import tokens_span
from bot.models import FlagKind, SourceType

NAMED_DOCUMENT = frozenset({"WORK_OF_ART", "LAW"})
UNPUBLISHED = "a document the article has but does not publish: ask for it"


OBTAINED = frozenset({"obtain", "see", "review", "view", "examine", "leak", "provide",
                      "share", "acquire"})


def obtained_documents(doc: Doc) -> list[FoundFlag]:
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
                                 UNPUBLISHED))
    return out


CORRESPONDENCE = frozenset({"letter", "email", "e-mail", "memo", "memorandum", "message",
                            "note"})


def correspondence(doc: Doc, own: OwnOutlet) -> list[FoundFlag]:
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


POINTING_BACK = frozenset({"the", "this", "that", "these", "those"})
SHOWING = frozenset({"show", "indicate", "suggest", "reveal", "find", "point", "confirm",
                     "put", "estimate", "project", "predict", "conclude", "credit", "link",
                     "attribute", "document", "detail", "demonstrate", "identify", "list",
                     "peg", "place", "rank", "tie", "blame", "warn", "outline", "describe",
                     "mention", "cite", "propose", "recommend"})
SEEMING = frozenset({"seem", "appear"})


def shown_by_documents(doc: Doc, cues: set[int], own: OwnOutlet) -> list[FoundFlag]:
    """An unnamed document that shows a thing, not a reported clause, so that no attribution
    covers it: "Polls show a tight race", "records show a pattern of late payments"."""
    out = []
    for verb in doc:
        if verb.i in cues or verb.pos_ != "VERB" or verb.lemma_.lower() not in SHOWING or (
                any(c.dep_ == "neg" for c in verb.children)):
            continue
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is None and verb.dep_ == "xcomp" and verb.head.lemma_ in SEEMING:
            subject = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
            # "messages seem to show": the document is the subject of "seem"
        if subject is None and verb.dep_ == "acl" and verb.tag_ == "VBG" and (any(
                c.dep_ == "det" and c.lower_ in {"a", "an", "another", "one"}
                for c in verb.head.children) or (verb.head.tag_ == "NNS" and not any(
                c.dep_ in {"det", "poss"} for c in verb.head.children))):
            subject = verb.head  # "a new poll showing the senator ahead", "despite polls
            # showing her behind"; not "classified material showing", "the polls showing"
        if subject is None or not _unnamed_document(subject, own):
            continue
        span = tokens_span([t for t in subject.subtree if t.i < verb.i or t.i == verb.i]
                           if verb.head.i == subject.i else [*subject.subtree, verb])
        if span:
            out.append(FoundFlag(FlagKind.UNNAMED_DOCUMENT, span,
                                 f"{subject.text} not named or published: ask to see it"))
    return out


def _unnamed_document(noun: Token, own: OwnOutlet) -> bool:
    if noun.pos_ not in {"NOUN", "PROPN"} or any(
            t.ent_type_ in NAMED_DOCUMENT for t in noun.subtree):
        return False
    if any(c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in POINTING_BACK)
           for c in noun.children):
        return False  # "the poll shows": the one the article has introduced, named or not
    source = mention(list(noun.subtree), noun)
    return classify(source) is SourceType.DOCUMENT and not is_own(source, own)
