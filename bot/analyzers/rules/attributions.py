"""Attributions on the dependency parse: who (source) is cited (cue) as saying what (content).

A cue is a verb of saying or thinking from the word lists, with its auxiliaries, "not" and
adverbs before it and a colon or date after it ("has not yet said", "said Saturday:"); a
thought no one reports ("I think", one inside a quotation) is left out. Its source is the
subject's subtree (a relative "who" is the source, standing for the noun it describes; a
verb joined by "and" shares its neighbour's subject), and its content is the clausal
complement, the clause a parenthetical "officials said" or "as X said" is attached to, a
nearby quotation, or the object of verbs like "denied"; quoted content is the whole
quotation, marks included. "According to X" takes X as the source and the clause as
content; so do a few nouns that carry attribution ("in the words of X", "the line from X",
"an interview with" an outlet). Quoted content runs on to its closing mark and over the
quoted sentences that follow it ("“C1,” X said. “C2.”"). A cue inside a quotation, or
inside another attribution's content with a pronoun or no speaker, is not one of its own.
The quotation finders (where quoted content lies when the parse does not say) are in
`quoted`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from bot.analyzers.rules.cues import LINKS, extension, probability
from bot.analyzers.rules.cues import candidate as cue_candidate
from bot.analyzers.rules.lexicon import words
from bot.analyzers.rules.quoted import (
    after_colon,
    nearby_quote,
    quote_after,
    quote_around,
    quote_before_tag,
    quoted_before,
)
from bot.analyzers.rules.source_kinds import classify
from bot.analyzers.rules.sources import (
    RELATIVE,
    Mention,
    closed,
    mention,
    relative,
)
from bot.analyzers.rules.spans import (
    Offsets,
    balanced,
    closing,
    continued,
    entities_between,
    inside_quotation,
    longest_run,
    paragraph_start,
    quotation,
    run_holding,
    sentence,
    subtree,
    text_of,
    token_span,
    tokens_span,
)
from bot.models import SourceType

SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})
CUE_LEFT = frozenset({"aux", "auxpass", "neg", "advmod"})
OBJECT_CONTENT = frozenset({
    "deny", "reject", "dispute", "confirm", "announce", "dismiss", "criticize", "criticise",
    "praise", "blame", "refute", "rebut", "question", "acknowledge", "admit", "predict",
    "reveal", "disclose", "describe", "call", "accuse", "defend", "allege", "contest",
    "cite", "mention", "report", "estimate", "repeat", "reiterate", "promise", "concede",
    "know", "expect", "want", "doubt", "fear", "recall", "like", "hate", "love", "see",
})
OBJECT_REST = frozenset({"dobj", "oprd", "prep", "xcomp", "acl"})
XCOMP_CONTENT = frozenset({"want", "hope", "expect", "plan", "intend", "promise", "vow",
                           "threaten", "pledge", "wish", "urge", "ask", "seem", "appear"})
NOMINAL = {"word": {"of"}, "line": {"from"}, "interview": {"with"}, "statement": {"from", "by"},
           "account": {"of", "from", "by"}, "testimony": {"of", "from", "by"},
           "remark": {"by", "from"}, "comment": {"by", "from"}, "message": {"from"}}
ACCOUNTS = frozenset({"interview", "conversation", "account", "testimony", "statement",
                      "report", "reporting", "document", "record", "source", "briefing"})


@dataclass(frozen=True)
class Found:
    """One attribution found in the parse; offsets are character offsets into the text."""

    cue: Offsets
    cue_token: Token
    content: Offsets
    source: Mention | None
    speech: bool  # a verb of saying or writing (else of thinking, or a noun)
    learned: bool = False  # found by the cue model alone, not by a rule

    @property
    def sentence(self) -> Span:
        return sentence(self.cue_token)

    @property
    def extent(self) -> Offsets:
        """The attribution's words, source to content, within its sentence."""
        points = [self.cue, self.content]
        if self.source is not None:
            first, last = self.source.tokens[0], self.source.tokens[-1]
            points.append((first.idx, last.idx + len(last.text)))
        clause = self.sentence
        return (max(min(p[0] for p in points), clause.start_char),
                min(max(p[1] for p in points), clause.end_char))


def find(doc: Doc) -> list[Found]:
    """Every attribution in text order, one per cue: the rules' first, then the words only
    the cue model knows (marked `learned`)."""
    speech, thought = words("speech_verbs"), words("cognition_verbs")
    known = speech | thought
    out: list[Found] = []
    for token in doc:
        found: Found | None = None
        lemma = token.lemma_.lower()
        if token.lower_ in {"according", "based"}:
            found = _according(token)
        elif token.pos_ in {"VERB", "AUX"}:
            word = cue_word(token, known)
            if word is not None and not _private(token, word in speech):
                found = _verb(token, word, word in speech)
        elif token.pos_ == "NOUN" and lemma in NOMINAL:
            found = _nominal(token, NOMINAL[lemma])
        elif token.text == ":":
            found = _speaker_colon(token)
        elif token.lower_ == "in" and token.dep_ == "prep":
            found = _in_poll(token)
        if found is not None:
            out.append(found)
    ruled = [f for f in out if not any(_nested(f, other) for other in out)]
    taken = {t.i for f in out for t in doc.char_span(*f.cue, alignment_mode="expand") or ()}
    learned: list[Found] = []
    for token in doc:
        if token.i in taken or not cue_candidate(token) or token.lemma_.lower() in BARE or \
                probability(token) < LEARNED:
            continue
        found = _learned(token, speech)
        if found is not None:
            learned.append(found)
    every = ruled + learned
    learned = [f for f in learned if not any(_nested(f, other) for other in every)]
    text = text_of(doc)
    return sorted((_balanced(f, text) for f in _chained(ruled + learned)),
                  key=lambda f: f.cue_token.i)


CHAINING = frozenset({"try", "continue", "go", "begin", "start", "use", "have", "need",
                      "tend", "struggle", "attempt", "keep", "spend", "fail", "manage",
                      "scramble", "proceed"})


def _chained(found: list[Found]) -> list[Found]:
    """ "went on to say", "continued to question", "tried to paint": a cue that completes
    a verb of going on or trying is one cue with it, from that verb on."""
    heads: dict[int, int] = {}  # the chaining verb's index -> the cue it takes in
    for f in found:
        verb = f.cue_token
        if verb.dep_ == "xcomp" and verb.head.i < verb.i and _chains(verb.head):
            heads[verb.head.i] = verb.i
    out = []
    seen: set[int] = set()
    for f in found:
        verb = f.cue_token
        if verb.i in heads or verb.i in seen:
            continue  # the chaining verb's own attribution is the cue it takes in
        seen.add(verb.i)
        if verb.dep_ == "xcomp" and verb.head.i in heads:
            f = replace(f, cue=(min(f.cue[0], _cue(verb.head)[0]), f.cue[1]))
        out.append(f)
    return out


def _chains(verb: Token) -> bool:
    return verb.lemma_.lower() in CHAINING and verb.pos_ in {"VERB", "AUX"}


def _balanced(found: Found, text: str) -> Found:
    content = balanced(text, found.content)
    return found if content == found.content else replace(found, content=content)


LEARNED = 0.45  # the cue model's probability from which a word it alone knows is a cue
BARE = frozenset({"be", "have"})  # "was", "has been": a verb that cues with other words only
COMPLEMENTS = frozenset({"dobj", "xcomp", "ccomp", "oprd", "attr", "acomp", "dative",
                         "intj"})
OBJECTS = frozenset({"pobj", "pcomp"})
LINKING = frozenset({"seem", "appear", "look", "sound"})


def _learned(token: Token, speech: frozenset[str]) -> Found | None:
    """An attribution whose cue only the cue model knows ("endorsed", "called for", "support
    for", "seemed"): its source is the subject (for a noun, its owner: "Trump's criticism
    of"), its content the complements after the cue (the object of a preposition the cue
    takes in)."""
    lemma = token.lemma_.lower()
    cue = _cue(token)
    last = extension(token)
    source: Mention | None = None
    if token.pos_ in {"VERB", "AUX"}:
        head = subject(token)
        if lemma in LINKING and head is not None:
            tokens = [t for c in token.children if c.dep_ in COMPLEMENTS | {"nsubj"}
                      for t in c.subtree]
            content = tokens_span(sorted(tokens, key=lambda t: t.i))
            return Found(cue, token, content, None, False, learned=True) if content else None
        source = source_of(token)
        said = next((c for c in token.children if c.dep_ == "nsubjpass"), None)
        complement = next((c for c in token.rights if c.dep_ in {"xcomp", "ccomp"}), None)
        if said is not None and complement is not None:  # "the bank is expected to act"
            tokens = [*said.subtree, *complement.subtree]
            content = tokens_span(sorted(tokens, key=lambda t: t.i))
            return Found(cue, token, content, None, False, learned=True) if content else None
        if source is None:
            source = _clause_subject(token)
        chained = next((c for c in token.rights if c.dep_ == "xcomp"), None) if _chains(
            token) else None
        if chained is not None and chained.pos_ == "VERB":  # "continued to question X"
            cue = cue[0], _cue(chained)[1]
            last, token = extension(chained), chained
            lemma = token.lemma_.lower()
        content = _content(token, lemma) or _complement(token, last)
        if content is None:
            passive = _passive_subject(token)
            if passive is not None:
                content, cue, source = passive
        content = content or after_colon(token) or _about(token) or quote_around(token)
    elif token.pos_ == "NOUN":
        owner = next((c for c in token.children if c.dep_ == "poss"), None)
        source = mention([t for t in owner.subtree if t.dep_ != "case"], owner) if (
            owner is not None) else None
        content = _complement(token, last)
    else:
        content = _clause_rest(token)
    if content is None or content[0] < cue[1] <= content[1] or content[0] <= cue[0] < content[1]:
        return None
    text = text_of(token.doc)
    cue = _topic_preposition(token, cue, content)
    content = quotation(text, content, paragraph_start(text, content[0]), cue)
    return Found(cue, token, content, source, lemma in speech, learned=True)


def _clause_subject(verb: Token) -> Mention | None:
    """ "…, adding that C" / "…, explaining that C": a participle's speaker is the subject of
    the clause it hangs from."""
    head = verb
    for _ in range(3):
        if head.dep_ not in {"advcl", "acl", "pcomp", "conj", "xcomp", "dep"} or head.head is head:
            return None
        head = head.head
        found = subject(head)
        if found is not None and found.dep_ != "nsubjpass":
            return source_of(head)
    return None


def _passive_subject(verb: Token) -> tuple[Offsets, Offsets, Mention | None] | None:
    """ "The meeting was first reported by Politico": the passive subject is what was
    reported, the agent who reported it ("by" closes the cue)."""
    said = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if said is None or said.lower_ in RELATIVE or said.pos_ == "PRON":
        return None
    content = tokens_span(subtree(said))
    if content is None:
        return None
    cue = _cue(verb)
    agent = next((c for c in verb.rights if c.dep_ == "agent"), None)
    target = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
    if agent is None or target is None:
        return content, cue, None
    return content, (cue[0], agent.idx + len(agent.text)), mention(list(target.subtree), target)


ABOUT = ("about", "over", "against", "of", "on")


def _about(verb: Token) -> Offsets | None:
    """ "The mayor spoke on Tuesday about the cost …": what a cue is about (never a date)."""
    for word in ABOUT:
        for prep in verb.rights:
            objects = [c for c in prep.children if c.dep_ in OBJECTS]
            if prep.dep_ == "prep" and prep.lower_ == word and objects and not any(
                    c.ent_type_ in {"DATE", "TIME"} for c in objects):
                return tokens_span(t for c in objects for t in c.subtree)
    return None


def _complement(head: Token, last: Token | None) -> Offsets | None:
    """What follows a cue head as its complement: its objects and clauses, or the object of
    the preposition the cue takes in ("called for [a ban]"), with the prepositional phrases
    after them ("praised X for Y", "identify themselves as Z")."""
    tokens: list[Token] = []
    for child in head.rights:
        if last is not None and child.i <= last.i:
            if child.dep_ in LINKS:
                tokens.extend(t for c in child.children if c.dep_ in OBJECTS for t in c.subtree)
        elif child.dep_ in COMPLEMENTS or (head.pos_ == "NOUN" and child.dep_ in {
                "acl", "prep"} and not tokens) or (
                tokens and child.dep_ == "prep" and not _dated(child)):
            tokens.extend(child.subtree)
    return tokens_span(sorted(tokens, key=lambda t: t.i))


TEMPORAL = frozenset({"after", "before", "during", "since", "until", "amid", "following"})


def _dated(prep: Token) -> bool:
    """ "on Tuesday", ", before the vote": a prepositional phrase that says when, or one a
    comma sets off."""
    return prep.lower_ in TEMPORAL or prep.doc[prep.left_edge.i - 1].text == "," or any(
        c.dep_ == "pobj" and c.ent_type_ in {"DATE", "TIME"} for c in prep.children)


def _nested(found: Found, other: Found) -> bool:
    """Whether `found` is part of what `other` reports ("X said she believes C", "X said he
    wants C"): its cue lies in the other's content, under the other's cue in the parse, and
    its speaker is a pronoun or none. PolNeAR marks the outer attribution only; a nested
    speaker the article names ("X said officials told him C") stays a source of its own."""
    if found.speech and found.source is not None and found.source.head.pos_ != "PRON" and \
            not _described_in(found.source, other):
        return False
    return other is not found and other.content[0] <= found.cue[0] and \
        found.cue[1] <= other.content[1] and other.cue_token.is_ancestor(found.cue_token)


def _described_in(source: Mention, other: Found) -> bool:
    """Whether `source` is a relative pronoun for a noun inside `other`'s content ("X said
    he wants a plan that calls for C": the plan is part of what X said)."""
    return source.tokens[0].lower_ in RELATIVE and \
        other.content[0] <= source.head.idx < other.content[1]


def cue_word(token: Token, known: frozenset[str]) -> str | None:
    """The listed word `token` is a form of: its lemma, or its own form when the lemmatizer
    misreads it ("hopes" as a form of "hop"), or that form without a third-person "s"."""
    lower = token.lower_
    for form in (token.lemma_.lower(), lower, lower[:-1] if lower.endswith("s") else ""):
        if form in known:
            return form
    return None


def _private(verb: Token, speech: bool) -> bool:
    """A report no one makes to the reader: a thought of the speaker's own ("I think",
    "you know"), or any cue inside a quotation (the quoted speaker's own words: "“They
    told us nothing,” she said" cites her, not "they")."""
    head = subject(verb)
    if not speech and head is not None and head.lower_ in {"i", "we", "you"}:
        return True
    return inside_quotation(text_of(verb.doc), paragraph_start(text_of(verb.doc), verb.idx),
                            verb.idx)


def subject(verb: Token, depth: int = 0) -> Token | None:
    """The subject of `verb`: its own, or the one it shares through "and" or "to"."""
    for child in verb.children:
        if child.dep_ in SUBJECTS:
            return child
    if depth < 3 and verb.dep_ in {"conj", "xcomp", "advcl"} and verb.head.i != verb.i:
        agent = next((g for c in verb.head.children if c.dep_ == "agent"
                      for g in c.children if g.dep_ == "pobj"), None)
        if verb.dep_ == "advcl" and agent is not None:
            return agent  # "It was denied by Andrew, hinting …": Andrew hints, not "it"
        return subject(verb.head, depth + 1)
    return None


def source_of(verb: Token) -> Mention | None:
    """The mention a verb's subject names, with the comma that closes it before the verb;
    a relative pronoun ("who") is the mention, resolved to the noun it describes."""
    head = subject(verb)
    if head is None:
        return None
    if head.lower_ in RELATIVE:
        return relative(head)
    return closed(mention(speaker_words(head), head), verb)


def _verb(verb: Token, lemma: str, speech: bool) -> Found | None:
    inverted = _inverted(verb, lemma)
    if inverted is not None:
        return inverted
    content = _content(verb, lemma)
    if content is None and lemma in INVERTING | {"ask", "continue", "add"}:
        content = quoted_before(verb)
    if content is None and speech:
        content = quote_before_tag(verb)
    if content is None:
        return None
    own = any(c.dep_ in SUBJECTS for c in verb.children)
    source = (None if own else _agent(verb)) or source_of(verb)
    if source is not None and content[0] <= source.tokens[0].idx < content[1]:
        source = _speaker_outside(verb, content) or source  # a quoted noun taken for it
    if source is None and lemma in INVERTING and content[1] <= verb.idx:
        source = _speaker_after(verb)
    if source is None and not _passive_report(verb):
        return None
    cue = _topic_preposition(verb, _cue(verb), content)
    text = text_of(verb.doc)
    content = quotation(text, content, paragraph_start(text, content[0]), cue)
    content = continued(text, closing(text, content, cue), cue, sentence(verb).end_char)
    return Found(cue, verb, content, source, speech)


TOPICAL = frozenset({"about", "on", "against", "over"})


def _topic_preposition(verb: Token, cue: Offsets, content: Offsets) -> Offsets:
    """ "warned against [C]", "spoke about [C]": the preposition between the cue and the
    content it introduces is part of the cue."""
    doc = verb.doc
    prep = next((c for c in verb.rights if c.dep_ == "prep" and c.lower_ in TOPICAL
                 and cue[1] <= c.idx and c.idx + len(c.text) <= content[0]), None)
    if prep is None or text_of(doc)[cue[1] : prep.idx].strip() or \
            text_of(doc)[prep.idx + len(prep.text) : content[0]].strip():
        return cue
    return cue[0], prep.idx + len(prep.text)


def _speaker_outside(verb: Token, content: Offsets) -> Mention | None:
    """The verb's subject that lies outside what it reports (“…, an intelligent person,”
    Jeff Weaver said: the parser made both nouns subjects of "said")."""
    head = next((c for c in verb.children if c.dep_ in SUBJECTS and not (
        content[0] <= c.idx < content[1])), None)
    return None if head is None else closed(mention(speaker_words(head), head), verb)


def _speaker_after(verb: Token) -> Mention | None:
    """ "C, said the firm's newly named chair Ana Ruiz in an email": a speaker after the verb
    that the parser took apart; the words up to the first name after the verb."""
    doc = verb.doc
    end = min(sentence(verb).end, verb.i + SPEAKER_AFTER)
    stop = next((t.i for t in doc[verb.i + 1 : end] if t.text == "," or (
        t.pos_ == "ADP" and t.lower_ != "of")), end)  # the phrase ends at "in an email"
    near = [e for e in entities_between(doc, verb.i + 1, stop) if e.end <= stop
            and e.label_ in {"PERSON", "ORG"}]
    entity = next((e for e in near if e.label_ == "PERSON"), near[-1] if near else None)
    if entity is None:
        return None
    words = [t for t in verb.doc[verb.i + 1 : entity.end] if not t.is_space]
    return mention(words, entity.root)


SPEAKER_AFTER = 12  # tokens between an inverted verb and the name of its speaker
INVERTING = frozenset({"say", "add", "read", "state", "declare", "insist", "recall", "note",
                       "explain", "continue", "warn", "write", "argue", "claim"})


def _inverted(verb: Token, lemma: str) -> Found | None:
    """ "“C,” read a comment posted …" and "C, said a person with knowledge of …": the parser
    takes the speaker after the verb for its object; what precedes the comma is the content."""
    if lemma not in INVERTING or any(c.dep_ == "ccomp" for c in verb.children):
        return None
    speaker = next((c for c in verb.rights if c.dep_ == "dobj"), None)
    before = verb.doc[verb.i - 1] if verb.i > 0 else None
    if speaker is None or before is None or before.text not in {",", "”", '"', "''"}:
        return None
    sentence_start = sentence(verb).start
    said = [t for t in verb.doc[sentence_start : verb.i] if not t.is_space]
    span = tokens_span(said)
    if span is None:
        return None
    text = text_of(verb.doc)
    content = quotation(text, span, paragraph_start(text, span[0]), token_span(verb))
    content = continued(text, closing(text, content, token_span(verb)), token_span(verb),
                        sentence(verb).end_char)
    return Found(_cue(verb), verb, content, mention(speaker_words(speaker), speaker), True)


def speaker_words(head: Token) -> list[Token]:
    """The words naming a speaker: `head`'s subtree without where it spoke ("Marta Keel in
    an email to staff" is "Marta Keel")."""
    venue = {t.i for c in head.children if c.dep_ == "prep" and c.i > head.i and any(
        g.dep_ == "pobj" and g.lemma_.lower() in VENUES for g in c.children) for t in c.subtree}
    return [t for t in head.subtree if t.i not in venue]


VENUES = frozenset({"email", "e-mail", "statement", "interview", "letter", "post", "tweet",
                    "call", "conference", "release", "message", "memo", "speech", "briefing",
                    "note", "video", "podcast", "broadcast"})


def _cue(verb: Token) -> Offsets:
    """The cue: the verb with its particle, the auxiliaries, "not" and adverbs right before
    it ("has not yet said"; not "when asked"), and a colon or a date right after it
    ("said Saturday")."""
    doc = verb.doc
    first = verb
    while first.i > 0:
        before = doc[first.i - 1]
        if before.head.i != verb.i or before.dep_ not in CUE_LEFT or before.tag_ == "WRB":
            break
        first = before
    last = max([verb, *(c for c in verb.children if c.dep_ == "prt")], key=lambda t: t.i)
    extended = extension(verb)
    if extended is not None and extended.i > last.i:
        last = extended
    after = doc[last.i + 1] if last.i + 1 < len(doc) else None
    if after is not None and after.text == ":":
        last = after
    elif after is not None and after.head.i == verb.i and after.dep_ == "npadvmod" and \
            after.ent_type_ in {"DATE", "TIME"}:
        last = after.right_edge
    return first.idx, last.idx + len(last.text)


def _content(verb: Token, lemma: str) -> Offsets | None:
    text = text_of(verb.doc)
    for child in verb.children:
        if child.dep_ == "ccomp" or (child.dep_ == "xcomp" and lemma in XCOMP_CONTENT):
            span = tokens_span(subtree(child))
            return balanced(text, span) if span else None
    if verb.dep_ == "parataxis" or (verb.dep_ == "advcl" and verb.i > verb.head.i
                                    and verb.tag_ != "VBG"  # "…, adding to its woes"
                                    and _comma_between(verb.head, verb)
                                    and not any(c.dep_ == "mark" for c in verb.children)
                                    ) or _as_said(verb):
        rest = subtree(verb.head, without=[verb])  # "A, X said, and B": A holds the verb
        span = tokens_span(run_holding(rest, verb.head) or longest_run(rest))
        if span:
            return balanced(text, span)
    venue = _venue_clause(verb) or quote_after(verb, _cue(verb)[1])
    if venue is not None:
        return venue
    quoted = nearby_quote(verb)
    if quoted is not None:
        return quoted
    if lemma in OBJECT_CONTENT and not (lemma == "call" and not _calls_it_something(verb)):
        objects = [c for c in verb.children if c.dep_ in {"dobj", "oprd"}]
        if objects:  # "called the report false": the object and what it is called,
            # with what follows it in the clause ("accused X of lying", "dismissed X as Y")
            first = min(t.i for t in objects[0].subtree)
            tokens = [t for c in verb.children if c.i >= first and c.dep_ in OBJECT_REST
                      for t in c.subtree]
            return tokens_span(sorted(tokens, key=lambda t: t.i))
    return None


def _calls_it_something(verb: Token) -> bool:
    """ "Called the report false" names what it is called; "called 911" does not."""
    described = {"oprd", "xcomp", "acomp", "ccomp", "attr"}
    return any(c.dep_ in described or (c.dep_ == "dobj" and any(
        g.dep_ in described | {"amod"} and g.i > c.i for g in c.children))
        for c in verb.children)


def _as_said(verb: Token) -> bool:
    """ "As X said, C" / "C, as X noted": the clause the "as" phrase is attached to is
    what X said (not "as X call on him to quit", where the verb has its own complement)."""
    return verb.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "as"
                                        for c in verb.children) and all(
        c.dep_ in AS_SAID_CHILDREN or (c.dep_ == "prep" and (c.lower_ == "in" or _dated(c)))
        for c in verb.children)


AS_SAID_CHILDREN = frozenset({"mark", "nsubj", "aux", "auxpass", "advmod", "neg", "npadvmod",
                              "punct", "agent"})


def _agent(verb: Token) -> Mention | None:
    """ "As reported by the Ledger, C": who a passive verb of saying names as its speaker."""
    agent = next((c for c in verb.rights if c.dep_ == "agent"), None)
    target = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
    return None if target is None else mention(list(target.subtree), target)


def _comma_between(first: Token, second: Token) -> bool:
    return any(t.text == "," for t in first.doc[first.i : second.i])


def _passive_report(verb: Token) -> bool:
    """ "It was reported that …" / "is said to": a report with no source."""
    return any(c.dep_ == "auxpass" for c in verb.children)


def _clause_rest(anchor: Token) -> Offsets | None:
    """The clause an attributing phrase is attached to, without the phrase itself."""
    root = sentence(anchor).root
    rest = subtree(root, without=[anchor])
    # "X is investigating W, according to two people, adding to …": the main clause,
    # not the longer participle after it
    main = run_holding(rest, root) if root.i != anchor.i else None
    return tokens_span(main or longest_run(rest))


def _according(token: Token) -> Found | None:
    """ "According to X, C": X is the source, the clause the content. "Based on X, C" too
    when X is an account (interviews, a report, records), not "a lead based on wins"."""
    joint = "to" if token.lower_ == "according" else "on"
    to = next((c for c in token.children if c.lower_ == joint), None)
    if to is None or (joint == "on" and token.head.pos_ not in {"VERB", "AUX"}):
        return None
    target = next((c for c in to.children if c.dep_ == "pobj"), None)
    if target is None or (joint == "on" and target.lemma_.lower() not in ACCOUNTS):
        return None
    content = _clause_rest(token)
    if content is None:
        return None
    cue = token.idx, to.idx + len(to.text)
    content = closing(text_of(token.doc), content, cue)
    return Found(cue, token, content, mention(list(target.subtree), target), True)


def _nominal(noun: Token, preps: set[str]) -> Found | None:
    prep = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ in preps), None)
    if prep is None:
        return None
    target = next((c for c in prep.children if c.dep_ == "pobj"), None)
    if target is None:
        return None
    anchor = noun
    while anchor.head.i != anchor.i and anchor.head.pos_ in {"ADP", "NOUN"} and \
            anchor.dep_ in {"pobj", "dobj", "compound"}:
        anchor = anchor.head
    source = mention(list(target.subtree), target)
    if noun.lemma_.lower() == "interview" and classify(source) is not SourceType.OUTLET:
        return None  # "in an interview with X": X is asked, not cited; an outlet's is its report
    content = _clause_rest(anchor)
    if content is None:
        return None
    return Found(token_span(noun), noun, content, source, True)


def _speaker_colon(colon: Token) -> Found | None:
    """ "Kelli Ward: Impeach AG Lynch" (a headline) and "MATTHEWS: Here's the irony …" (a
    transcript): a name alone before a colon that opens its sentence is the source, the
    colon the cue and the rest of the sentence the content. A lone word the tagger misread
    ("Issa:", "FALLIN:") is a name when the article names it elsewhere."""
    clause = sentence(colon)
    name = [t for t in colon.doc[clause.start : colon.i] if not t.is_space]
    lone = len(name) == 1 and _named_elsewhere(name[0])
    if not lone and (not name or len(name) > 6 or name[-1].pos_ != "PROPN" or any(
            t.pos_ not in {"PROPN", "PUNCT"} for t in name)):
        return None
    said = [t for t in colon.doc[colon.i + 1 : clause.end] if not t.is_space]
    content = tokens_span(said)
    if content is None or len(said) < 2:
        return None
    return Found(token_span(colon), colon, content, mention(name, name[-1]), True)


def _named_elsewhere(word: Token) -> bool:
    """Whether a capitalized `word` is a proper name somewhere else in the article."""
    if not (word.is_alpha and word.text[0].isupper()):
        return False
    lower = word.lower_
    return any(t.lower_ == lower and t.i != word.i and t.pos_ == "PROPN" for t in word.doc)


def _in_poll(prep: Token) -> Found | None:
    """ "In the new Post-ABC poll, C" / "C, in the survey": a poll or study is the source,
    "in" the cue, and the clause the content."""
    target = next((c for c in prep.children if c.dep_ == "pobj"), None)
    if target is None or target.lemma_.lower() not in words("publication_heads") or \
            prep.head.dep_ != "ROOT" or prep.head.pos_ not in {"VERB", "AUX"}:
        return None
    content = _clause_rest(prep)
    if content is None:
        return None
    return Found(token_span(prep), prep, content, mention(list(target.subtree), target), True)


def _venue_clause(verb: Token) -> Offsets | None:
    """ "said in a statement that C", "said during a news conference that C": the parser
    hangs the "that" clause from the noun after the verb; it is what the verb reports."""
    for prep in verb.rights:
        if prep.dep_ != "prep":
            continue
        for noun in prep.children:
            if noun.dep_ != "pobj":
                continue
            clause = next((c for c in noun.rights if c.dep_ in {"acl", "ccomp", "relcl"} and any(
                m.dep_ == "mark" and m.lower_ == "that" for m in c.children)), None)
            if clause is not None:
                return tokens_span(clause.subtree)
    return None


