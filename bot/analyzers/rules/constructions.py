"""The constructions the rules read as attributions, one finder each: a verb of saying or
thinking (inverted ones too: "“C,” read a comment …"), "according to X" and "based on
X", nouns that carry attribution ("in the words of X"), a name before a colon ("MATTHEWS:
…"), and "in the new poll"; and the private thoughts ("I think") that are none.
"""

from __future__ import annotations

from spacy.tokens import Token

from bot.analyzers.rules.attribution_record import Found
from bot.analyzers.rules.content_bounds import clause_rest, content_of
from bot.analyzers.rules.cue_bounds import cue_span, topic_preposition
from bot.analyzers.rules.cues import SUBJECTS
from bot.analyzers.rules.lexicon import words
from bot.analyzers.rules.quoted import quote_before_tag, quoted_before
from bot.analyzers.rules.source_kinds import classify
from bot.analyzers.rules.sources import Mention, mention
from bot.analyzers.rules.spans import (
    QUOTE_PAIRS,
    Offsets,
    closing,
    continued,
    inside_quotation,
    paragraph_start,
    quotation,
    sentence,
    text_of,
    token_span,
    tokens_span,
)
from bot.analyzers.rules.speakers import (
    agent_of,
    source_of,
    speaker_after,
    speaker_inside,
    speaker_outside,
    speaker_words,
    subject,
    unnamed_asker,
)
from bot.models import SourceType

NOMINAL = {"word": {"of"}, "line": {"from"}, "interview": {"with"}, "statement": {"from", "by"},
           "account": {"of", "from", "by"}, "testimony": {"of", "from", "by"},
           "remark": {"by", "from"}, "comment": {"by", "from"}, "message": {"from"}}
ACCOUNTS = frozenset({"interview", "conversation", "account", "testimony", "statement",
                      "report", "reporting", "document", "record", "source", "briefing"})


def private(verb: Token, speech: bool) -> bool:
    """A report no one makes to the reader: a thought of the speaker's own ("I think",
    "you know"), or any cue inside a quotation (the quoted speaker's own words: "“They
    told us nothing,” she said" cites her, not "they")."""
    head = subject(verb)
    if not speech and head is not None and head.lower_ in {"i", "we", "you"}:
        return True
    return inside_quotation(text_of(verb.doc), paragraph_start(text_of(verb.doc), verb.idx),
                            verb.idx)


def verb_attribution(verb: Token, lemma: str, speech: bool) -> Found | None:
    inverted = _inverted(verb, lemma)
    if inverted is not None:
        return inverted
    content = content_of(verb, lemma)
    if content is None and lemma in INVERTING | {"ask", "continue", "add"}:
        content = quoted_before(verb)
    if content is None and speech:
        content = quote_before_tag(verb)
    if content is None:
        return None
    taken_apart = speaker_inside(verb, content)  # "“C,” the firm's chief, Ana Ruiz, said"
    if taken_apart is not None:
        content, speaker = taken_apart
        return _with_speaker(verb, content, speaker, speech)
    own = any(c.dep_ in SUBJECTS for c in verb.children)
    source = None if unnamed_asker(verb) else (None if own else agent_of(verb)) or source_of(
        verb)
    if source is not None and content[0] <= source.tokens[0].idx < content[1]:
        source = speaker_outside(verb, content) or source  # a quoted noun taken for it
    if source is None and lemma in INVERTING and content[1] <= verb.idx:
        source = speaker_after(verb)
    if source is None and not _passive_report(verb):
        return None
    return _with_speaker(verb, content, source, speech)


def _with_speaker(verb: Token, content: Offsets, source: Mention | None,
                  speech: bool) -> Found:
    """The attribution of `verb`: its cue, and its content as the whole quotation it is."""
    cue = topic_preposition(verb, cue_span(verb), content)
    text = text_of(verb.doc)
    content = quotation(text, content, paragraph_start(text, content[0]), cue)
    content = continued(text, resumed(text, closing(text, content, cue), cue), cue,
                        tag_end(verb))
    return Found(cue, verb, content, source, speech)


TAG_LENGTH = 160  # characters: the longest speaker tag between two parts of a quotation
TAG_TAIL = 4  # words after the cue in such a tag ("said on Friday,")


def resumed(text: str, span: Offsets, cue: Offsets) -> Offsets:
    """ "“C1,” X said, “C2.”": a quotation the tag interrupts after a comma, resumed in the
    same paragraph right after the tag's own comma, is one quotation (PolNeAR's content is
    both parts); one span over both, the tag between them included, as `continued` does
    for a quotation resumed in the next sentence."""
    start, end = span
    opening = next((m for m in QUOTE_PAIRS if text.startswith(m, start)), None)
    if opening is None or not text.endswith("," + QUOTE_PAIRS[opening], start, end) or \
            cue[0] < end:
        return span
    gap_end = text.find(opening, end, end + TAG_LENGTH)
    if gap_end == -1:
        return span
    gap, tail = text[end:gap_end], text[cue[1] : gap_end].strip()
    if cue[1] > gap_end or not tail.endswith(",") or tail.count(",") > 1 or \
            len(tail.split()) > TAG_TAIL or "\n" in gap or any(
            m in gap for m in ("“", "”", '"', "''")):
        return span  # "“C1,” she said, adding, “C2.”": C2 is another attribution's
    close = text.find(QUOTE_PAIRS[opening], gap_end + len(opening))
    stop = text.find("\n", gap_end)
    if close == -1 or (stop != -1 and close > stop) or text[close - 1] not in ".!?…":
        return span  # "“C2,” Y added": a part that ends at a comma may be someone else's
    return start, close + len(QUOTE_PAIRS[opening])


def tag_end(verb: Token) -> int:
    """Where the sentence holding `verb` ends, without a '' after its final stop: the parser
    takes the opening mark of the next quotation (" ''C1,'' X said. ''C2.''") for the end of
    this sentence, as it cannot tell an opening '' from a closing one."""
    clause = [t for t in sentence(verb) if not t.is_space]
    while len(clause) > 2 and clause[-1].text == "''" and clause[-2].text in {".", "!", "?"}:
        clause.pop()
    return clause[-1].idx + len(clause[-1].text)


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
                        tag_end(verb))
    return Found(cue_span(verb), verb, content, mention(speaker_words(speaker), speaker), True)


def _passive_report(verb: Token) -> bool:
    """ "It was reported that …" / "is said to": a report with no source."""
    return any(c.dep_ == "auxpass" for c in verb.children) or unnamed_asker(verb)


def according(token: Token) -> Found | None:
    """ "According to X, C": X is the source, the clause the content. "Based on X, C" too
    when X is an account (interviews, a report, records), not "a lead based on wins"."""
    joint = "to" if token.lower_ == "according" else "on"
    to = next((c for c in token.children if c.lower_ == joint), None)
    if to is None or (joint == "on" and token.head.pos_ not in {"VERB", "AUX"}):
        return None
    target = next((c for c in to.children if c.dep_ == "pobj"), None)
    if target is None or (joint == "on" and target.lemma_.lower() not in ACCOUNTS):
        return None
    content = clause_rest(token)
    if content is None:
        return None
    cue = token.idx, to.idx + len(to.text)
    content = closing(text_of(token.doc), content, cue)
    words = list(target.subtree)
    subject = _lost_subject(token, target)
    if subject is not None:  # the clause's subject, not the source's description
        words = [t for t in words if t.i < subject.left_edge.i]
        content = (subject.left_edge.idx, content[1])
    return Found(cue, token, content, mention(words, target), True)


def _lost_subject(according: Token, target: Token) -> Token | None:
    """ "According to court documents, the captain, Piet Holm, had been warned": the parser
    hangs the clause's subject on the source as an appositive, leaving the verb with none."""
    verb = according.head
    if according.i > verb.i or any(c.dep_ in SUBJECTS | {"expl"} for c in verb.children):
        return None
    return next((c for c in target.children if c.dep_ == "appos" and c.i > target.i), None)


def nominal(noun: Token, preps: set[str]) -> Found | None:
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
    content = clause_rest(anchor)
    if content is None:
        return None
    return Found(token_span(noun), noun, content, source, True)


def speaker_colon(colon: Token) -> Found | None:
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


AUTHORS = frozenset({SourceType.NAMED, SourceType.ORGANIZATION})


def in_poll(prep: Token) -> Found | None:
    """ "In the new Post-ABC poll, C" / "C, in the survey": a poll or study is the source,
    "in" the cue, and the clause the content."""
    target = next((c for c in prep.children if c.dep_ == "pobj"), None)
    if target is None or target.lemma_.lower() not in words("publication_heads") or \
            prep.head.dep_ != "ROOT" or prep.head.pos_ not in {"VERB", "AUX"}:
        return None
    if any(c.dep_ == "nsubj" and classify(mention(list(c.subtree), c)) in AUTHORS
           for c in prep.head.children):
        return None  # "the Commission said in a report": its own report, where it said so
    content = clause_rest(prep)
    if content is None:
        return None
    return Found(token_span(prep), prep, content, mention(list(target.subtree), target), True)
