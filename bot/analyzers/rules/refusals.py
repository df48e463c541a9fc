"""How an answer is withheld: "declined to comment", "did not respond", "could not be
reached", "would not say whether", "calls went unanswered", "said she would not comment".

Read from the parse. A negated "say", "discuss", "address" … withholds an answer when it is
a refusal ("would not say whether", "did not discuss the audit", "has not addressed the
allegations"), not a position ("would not say that the port is safe"), a habit ("he does
not identify with them") or something left undone ("has not addressed the cost").
"""

from __future__ import annotations

from spacy.tokens import Token

from bot.analyzers.rules.attribution_record import Found
from bot.analyzers.rules.lexicon import words
from bot.analyzers.rules.sources import Mention, mention
from bot.analyzers.rules.speakers import subject

NO_ANSWER = frozenset({"respond", "reply", "answer", "comment"})
UNREACHED = frozenset({"reach", "locate", "contact"})
WITHHOLDING_AUX = frozenset({"would", "will", "wo", "could", "can", "ca", "did", "do", "does",
                             "has", "have"})
REFUSING_AUX = frozenset({"would", "will", "wo", "could", "can", "ca"})
HABIT = frozenset({"does", "do"})
HABITUAL_REFUSALS = frozenset({"discuss", "speculate", "talk", "disclose", "comment"})
ASKING = frozenset({"call", "request", "message", "email", "inquiry", "question"})
ASKED = frozenset({"question", "issue", "matter", "query", "inquiry", "request", "call"})
HANDED_OVER = frozenset({"release", "provide", "share"})
INFORMATION = frozenset({"information", "detail", "name", "document", "record", "figure",
                         "data", "statement", "report", "result", "finding", "number", "list",
                         "copy", "transcript", "footage", "video", "text", "letter", "email",
                         "correspondence", "comment", "evidence", "breakdown", "identity"})
QUESTION_WORDS = frozenset({"whether", "if", "how", "why", "who", "what", "when", "where"})


def unanswered(token: Token) -> bool:
    """ "Calls to X went unanswered", "messages left for X were not returned", "efforts to
    reach X were unsuccessful", "attempts to contact X failed"."""
    asked = subject(token)
    if asked is not None and _tried_to_reach(asked) is not None:
        return token.lemma_ == "fail" or any(
            c.dep_ == "acomp" and c.lower_ in FRUITLESS for c in token.children)
    if asked is None or asked.lemma_ not in ASKING:
        return False
    if token.lemma_ == "go":
        return any(c.lower_ == "unanswered" for c in token.children)
    return token.lemma_ in {"return", "answer"} and negated(token)


def asked_party(token: Token) -> Mention | None:
    """Whom the unanswered calls or messages were for ("calls to the contractor's office",
    "requests sent to the ministry"), or whom the efforts tried to reach."""
    asked = subject(token)
    if asked is None:
        return None
    reached = _tried_to_reach(asked)
    target = next((c for c in reached.children if c.dep_ == "dobj"), None) if (
        reached is not None) else next(
        (g for c in asked.subtree if c.dep_ in {"prep", "dative"} and c.lower_ in {"to", "for"}
         for g in c.children if g.dep_ == "pobj" and g.lemma_ != "comment"), None)
    return mention(list(target.subtree), target) if target is not None else None


TRYING = frozenset({"effort", "attempt", "try"})
FRUITLESS = frozenset({"unsuccessful", "fruitless", "futile"})


def _tried_to_reach(noun: Token) -> Token | None:
    """ "Efforts to reach X", "attempts to contact X": the verb of reaching, if `noun` is one."""
    if noun.lemma_.lower() not in TRYING:
        return None
    return next((c for c in noun.children if c.dep_ == "acl" and c.lemma_ in UNREACHED), None)


def yet_to_answer(token: Token) -> bool:
    """ "Has yet to respond"."""
    return token.lemma_.lower() in NO_ANSWER and token.dep_ == "xcomp" and (
        token.head.lemma_ == "have") and any(c.lower_ == "yet" for c in token.head.children)


def declined(token: Token) -> bool:
    """ "Declined to comment", "refused to say whether", "declined interview requests", "chose
    not to respond"; not "refused to release the prisoners", "refused to say that the port
    is safe" or "declined to be named"."""
    lemma = token.lemma_.lower()
    if lemma == "choose":  # "chose not to respond to the accusations"
        return any(c.dep_ == "xcomp" and c.lemma_.lower() in NO_ANSWER and negated(c)
                   for c in token.children)
    return lemma in {"decline", "refuse"} and (
        any(c.dep_ == "xcomp" and c.lemma_.lower() in words("withhold_verbs")
            and not _withholds_people(c) and not _asserts(c) and not _unnamed(c)
            for c in token.children)
        or any(c.dep_ == "dobj" and (c.lemma_ in {"comment", "interview"} or (
            c.lemma_ == "request" and any(g.lemma_ in {"comment", "interview"}
                                          for g in c.subtree)))
               for c in token.children))


def unavailable(token: Token) -> bool:
    """ "Was not available for comment", "unavailable for comment", "not available to
    comment"."""
    lemma = token.lemma_.lower()
    if lemma not in {"available", "unavailable"} or not any(
        (c.dep_ == "prep" and any(g.lemma_ in {"comment", "interview"} for g in c.children))
        or (c.dep_ == "xcomp" and c.lemma_.lower() in NO_ANSWER | {"speak", "talk"})
        for c in token.children
    ):
        return False
    return lemma == "unavailable" or negated(token) or negated(token.head)


def refused(token: Token) -> bool:
    """A negated verb that withholds an answer: "did not respond", "could not be reached",
    "would not say whether", "did not go into detail"."""
    lemma = token.lemma_.lower()
    if lemma in NO_ANSWER or (lemma == "return" and any(
        c.dep_ == "dobj" and c.lemma_ in {"call", "message", "email", "request", "inquiry"}
        for c in token.children
    )):
        return True
    if lemma in UNREACHED and any(c.dep_ == "auxpass" for c in token.children):
        return True
    aux = {c.lower_ for c in token.children if c.dep_ in {"aux", "auxpass"}}
    if _withheld(token) and aux & WITHHOLDING_AUX:
        return _withholding(token, aux)
    return lemma == "go" and any(c.lower_ == "into" for c in token.children)


def withholds(found: Found) -> bool:
    """ "Said she would not comment", "said the agency does not comment on", "'We are not
    going to comment'", "'That's not something I'm going to discuss'", "'I have nothing more
    to say'": a refusal reported in the speaker's words (not "said he had never discussed
    it", which denies)."""
    verb = found.cue_token
    clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
    if clause is None and verb.dep_ == "parataxis":
        clause = verb.head  # "X said, “We are not going to …”": the parser hangs the tag on it
    if clause is None:
        return False
    if _nothing_to_say(clause):
        return True
    intended = announced(clause) or announced(_something_not_done(clause))
    if intended is not None and negated(clause):
        return intended.lemma_.lower() in NO_ANSWER or _withheld(intended)
    if not negated(clause) or (any(
            c.dep_ in {"nsubj", "nsubjpass"} and c.pos_ == "PROPN" for c in clause.children)
            and not any(c.dep_ == "aux" and c.lower_ in REFUSING_AUX for c in clause.children)):
        return False  # "said New Hampshire doesn't answer the question" is no refusal;
        # "said Keel would not comment" is
    if clause.lemma_.lower() in NO_ANSWER:
        return True
    return _withheld(clause) and any(
        c.dep_ == "aux" and (c.lower_ in REFUSING_AUX or (
            c.lower_ in HABIT and clause.lemma_ in HABITUAL_REFUSALS))
        for c in clause.children)  # "would not discuss", "does not discuss pending audits"
    # (a habit of not answering; "did not discuss it with him" denies a fact, and "I don't
    # say anything privately that …" is no refusal)


def announced(verb: Token | None) -> Token | None:
    """ "(not) going to comment": the verb that "be going to" announces, if `verb` is the
    "going" of one."""
    if verb is None or verb.lemma_ != "go" or verb.tag_ != "VBG":
        return None
    return next((c for c in verb.children if c.dep_ == "xcomp" and any(
        g.dep_ == "aux" and g.lower_ == "to" for g in c.children)), None)


def _something_not_done(clause: Token) -> Token | None:
    """ "That's not something I'm going to discuss": the clause about the "something"."""
    if clause.lemma_ != "be":
        return None
    thing = next((c for c in clause.children if c.dep_ == "attr"
                  and c.lower_ in {"something", "anything"}), None)
    return next((c for c in thing.children if c.dep_ == "relcl"), None) if thing else None


def _nothing_to_say(clause: Token) -> bool:
    """ "I have nothing more to say", "had nothing further to add": no more answer given
    (not "nothing bad to say about her", praise)."""
    thing = next((c for c in clause.children if c.dep_ == "dobj" and c.lower_ == "nothing"),
                 None)
    return clause.lemma_ == "have" and thing is not None and any(
        c.lower_ in {"more", "further", "else"} for c in thing.children) and any(
        c.dep_ in {"relcl", "acl"} and c.lemma_ in {"say", "add"} for c in thing.children)


def negated(token: Token) -> bool:
    """ "Did not", "never", or a subject that negates ("no one", "neither X nor Y")."""
    if any(c.dep_ == "neg" or c.lower_ == "never" for c in token.children):
        return True
    head = subject(token)
    return head is not None and (any(c.lower_ in {"neither", "no"} for c in head.children)
                                 or head.lower_ in {"nobody", "none"})


def has_det(token: Token, word: str) -> bool:
    return any(c.dep_ == "det" and c.lower_ == word for c in token.children)


def _withheld(verb: Token) -> bool:
    """A verb whose negation withholds an answer: "say", "discuss", "go into", "speak to"
    (not "go to waste")."""
    lemma = verb.lemma_.lower()
    if lemma == "speak":  # "would not speak to the findings", not "can't not speak my mind"
        return any(c.dep_ == "prep" and c.lower_ in {"to", "about", "on"} for c in verb.children)
    return (lemma in words("withhold_verbs") or lemma == "get") and (
        lemma not in {"go", "get"} or any(c.lower_ == "into" for c in verb.children))


def _withholding(verb: Token, aux: set[str]) -> bool:
    """Whether a negated withholding verb refuses an answer here (see the module's text)."""
    if _asserts(verb) or aux <= {"do", "does"}:
        return False
    if aux & {"has", "have"} and not aux & REFUSING_AUX:
        return any(c.dep_ == "ccomp" and _is_question(c) for c in verb.children) or any(
            c.dep_ == "dobj" and (c.lemma_.lower() in words("allegation_nouns")
                                  or c.lemma_.lower() in ASKED) for c in verb.children)
    return True


def _asserts(verb: Token) -> bool:
    """ "Would not say (or refused to say) that the city is safe": a statement not made,
    which is a position, not an answer withheld ("would not say whether" is one)."""
    return verb.lemma_ == "say" and any(c.dep_ == "ccomp" and not _is_question(c)
                                        for c in verb.children)


def _unnamed(verb: Token) -> bool:
    """ "Declined to be identified": the speaker's own name withheld, not an answer ("declined
    to be interviewed" is one)."""
    return verb.lemma_.lower() in {"identify", "name", "quote"} and any(
        c.dep_ == "auxpass" for c in verb.children)


def _withholds_people(verb: Token) -> bool:
    """ "Refused to release the prisoners" (or "to provide aid"): something held back that is
    not an answer; "declined to release the figures" withholds one."""
    return verb.lemma_.lower() in HANDED_OVER and any(
        c.dep_ == "dobj" and c.pos_ != "PRON" and c.lemma_.lower() not in INFORMATION
        for c in verb.children)


def _is_question(clause: Token) -> bool:
    return any(t.lower_ in QUESTION_WORDS for t in clause.subtree if t.i <= clause.i)
