"""Cue shapes other than "X said C": "according to X" (before, after or inside the
clause: "S did X, and according to Y, did Z"), "As X noted, C", "Based on X, C", "Asked by X
whether C", "Name: C" headlines, "in a new poll", "“C,” was the line from X", "in the words
of X", and ", saying C" (the speaker is the sentence's subject).
"""

from __future__ import annotations

import re

from bot.analyzers.rules_v1 import sources
from bot.analyzers.rules_v1.clauses import (
    END_PUNCT,
    ENDERS,
    QUESTION_WORDS,
    TRAILERS,
    Found,
    content_before,
    content_end,
    inside_quote,
    skip_to_content,
)
from bot.analyzers.rules_v1.lexicon import (
    PARTICLES,
    PRONOUNS,
    SPEECH_VERBS,
    WEAK_VERBS,
)
from bot.analyzers.rules_v1.text import (
    QUOTE_MARKS,
    Doc,
    Sentence,
)
from bot.analyzers.rules_v1.wordlist import words
from bot.models import SourceType

LINE_FROM = re.compile(
    r"\b(?:was|is|were|are)\s+(?:reportedly\s+|also\s+)?the\s+(?:line|message|response|word"
    r"|reply|answer|verdict|view)\s+(?:from|of)\b",
    re.IGNORECASE,
)


IN_POLL = re.compile(
    r"\b[Ii]n\s+(?:a|an|the|another|its|their)\s+(?:[\w’'./\-]+\s+){0,6}?"
    r"(?:poll|survey|polls|surveys|study)\b(?:\s+(?:released|published|conducted|taken)"
    r"(?:\s+[\w’'\-]+){0,3})?"
)


WORDS_OF = re.compile(r"\bin the words of\b", re.IGNORECASE)


COLON_NOT_SPEAKERS = words(
    """
    update updates note editor's editors correction photo video watch read related
    breaking exclusive opinion analysis live by from to subject re fw fwd and the monday
    tuesday wednesday thursday friday saturday sunday contributing bombshell source sources
    credit credits photos reporting additional editor published posted filed tags topics
    more also see listen warning alert graphic chart map
    """
)


def according(doc: Doc, sentence: Sentence, index: int) -> Found | None:
    tokens = sentence.tokens
    cue = (tokens[index].start, tokens[index + 1].end)
    src = sources.forward(tokens, index + 2, limit=16)
    if src is None and index + 2 < len(tokens) and tokens[index + 2].is_word:
        # "according to early returns", "to polling by the union": grown to the clause end
        src = (index + 2, index + 3)
    if src is None:
        return None
    # "according to a memo released Friday by the agency's watchdog": to the clause end.
    end = src[1]
    while end < len(tokens) and end - index < 28 and not inside_quote(doc, tokens[end]) and (
        tokens[end].is_word or tokens[end].text in {"’s", "'s", "&", "-", "(", ")"}
    ):
        end += 1
    src = (src[0], end)
    source = (tokens[src[0]].start, tokens[src[1] - 1].end)
    leads = index == 0 or (index <= 2 and tokens[0].lower in {"but", "and", "yet", "so"}) or (
        index > 2 and tokens[index - 1].text == ":"  # "And it shows: According to X, C"
    )
    # "S did X, and according to Y, did Z": the clause after Y's comma is Y's.
    joined = index > 2 and tokens[index - 1].lower in {"and", "but"} and (
        src[1] < len(tokens) and tokens[src[1]].text == ","
    )
    if leads or joined:
        k = src[1]
        if k < len(tokens) and tokens[k].text == ",":
            k += 1
        if k >= len(tokens) - 1:
            return None
        return Found(cue, (tokens[k].start, content_end(doc, sentence, k)), source, sentence.index)
    if index > 2 and tokens[index - 1].text in ENDERS and tokens[index - 2].text == ",":
        # '... was to “avoid the vote,” according to X': the quote and its lead-in
        content = content_before(doc, sentence, index - 1)
        if content is None:
            return None
        return Found(cue, content, source, sentence.index)
    if (
        index > 3
        and tokens[index - 1].is_word
        and tokens[index - 1].lower not in _CLAUSE_OPENERS
        and _reporting_source(doc.text[source[0] : source[1]])
    ):
        # "Clinton leads by 271 delegates according to a count by the AP": no comma
        return Found(cue, (tokens[0].start, tokens[index - 1].end), source, sentence.index)
    if tokens[index - 1].text != ",":
        return None
    quote = doc.quote_ending_at(tokens[index - 1].start, slack=0)
    if quote is not None:
        return Found(cue, (quote.start, quote.end), source, sentence.index)
    if index < 3:
        return None
    return Found(cue, (tokens[0].start, tokens[index - 2].end), source, sentence.index)


_CLAUSE_OPENERS = words("that and but or because as while if when since although")
_IN_ACCORDANCE = words("plan plans rules rule law laws schedule script custom tradition design")


def _reporting_source(source: str) -> bool:
    """Is this a source that reports ("a count by the AP"), not a rule followed ("the plan")?"""
    kind = sources.classify(source)
    head = source.lower().split()[-1] if source.split() else ""
    return kind in {SourceType.OUTLET, SourceType.DOCUMENT, SourceType.NAMED,
                    SourceType.ANONYMOUS} and head not in _IN_ACCORDANCE


def based_on(doc: Doc, sentence: Sentence) -> Found | None:
    """'Based on (“)interviews with X,(”) C': the sources the clause rests on."""
    tokens = sentence.tokens
    k = 1 if tokens and tokens[0].lower in {"but", "and", "yet", "so"} else 0
    if len(tokens) < k + 6 or tokens[k].lower != "based" or tokens[k + 1].lower != "on":
        return None
    cue = (tokens[k].start, tokens[k + 1].end)
    first = k + 2
    quote = doc.quote_starting_at(tokens[first].start, slack=0)
    comma = False  # is the phrase set off by a comma (maybe inside its quote marks)?
    if quote is not None:
        inner = [i for i, t in enumerate(tokens) if quote.start < t.start and t.end < quote.end]
        comma = bool(inner) and tokens[inner[-1]].text == ","
        while inner and not tokens[inner[-1]].is_word:
            inner.pop()
        if not inner or not tokens[inner[0]].is_word:
            return None
        source = (tokens[inner[0]].start, tokens[inner[-1]].end)
        after = next((i for i, t in enumerate(tokens) if t.start >= quote.end), len(tokens))
    else:
        src = sources.forward(tokens, first, limit=16)
        if src is None:
            return None
        after = src[1]
        while after < len(tokens) and after - first < 20 and not inside_quote(
            doc, tokens[after]
        ) and (tokens[after].is_word or tokens[after].text in {"’s", "'s", "-"}):
            after += 1
        source = (tokens[first].start, tokens[after - 1].end)
    if after < len(tokens) and tokens[after].text == ",":
        after += 1
    elif not comma:
        return None  # "based on" not set off by a comma: part of the clause
    if len(tokens) - after < 3 or not tokens[after].is_word:
        return None
    return Found(cue, (tokens[after].start, content_end(doc, sentence, after)), source,
                 sentence.index)


AS_NOTED = re.compile(
    r"(?:But |And |Yet )?[Aa]s (?:first )?(?P<cue1>reported|noted|written|explained|detailed)"
    r" by (?P<src1>[^,;:“\"]{2,80}?),\s"
    r"|(?:But |And |Yet )?[Aa]s (?P<src2>[^,;:“\"]{2,60}?) (?:has |had |also )?"
    r"(?P<cue2>noted|reported|said|wrote|explained|pointed out|put it|observed|argued|told)"
    r"(?: [^,;:“\"]{0,30}?)?,\s"
)


def as_noted(doc: Doc, sentence: Sentence) -> Found | None:
    """'As reported by X, C' and 'As X noted, C': the clause after the comma."""
    match = AS_NOTED.match(doc.text, sentence.start, sentence.end)
    if match is None:
        return None
    cue_group = "cue1" if match.group("cue1") else "cue2"
    src_group = "src1" if cue_group == "cue1" else "src2"
    tokens = sentence.tokens
    k = next((i for i, t in enumerate(tokens) if t.start >= match.end()), None)
    if k is None or len(tokens) - k < 3:
        return None
    return Found(
        cue=match.span(cue_group),
        content=(tokens[k].start, content_end(doc, sentence, k)),
        source=match.span(src_group),
        sentence=sentence.index,
    )


def title_case(sentence: Sentence) -> bool:
    """A headline in title case ("Clinton Says Russians Hacked DNC")?"""
    words_ = [t for t in sentence.tokens if t.is_word and t.text[:1].isalpha()]
    if len(words_) < 4:
        return False
    return sum(t.capitalized for t in words_) >= 0.75 * len(words_)


def asked(doc: Doc, sentence: Sentence) -> list[Found]:
    """'Asked (by X) (on Fox News) if/whether/about ..., Y said', '... when asked whether C':
    the question is the content."""
    tokens = sentence.tokens
    out = []
    for k, token in enumerate(tokens):
        if token.lower != "asked" or inside_quote(doc, token):
            continue
        opening = k == 0 or (k == 1 and tokens[0].lower == "when")
        if opening or (k > 1 and tokens[k - 1].lower == "when"):
            item = _asked_at(doc, sentence, k, opening)
            if item is not None:
                out.append(item)
    return out


# Words of a short phrase between "Asked" and its question: "Asked on Fox News whether".
_ASKED_ADVERBIAL = words("on in at during last this later again repeatedly directly")


def _asked_at(doc: Doc, sentence: Sentence, k: int, opening: bool) -> Found | None:
    tokens = sentence.tokens
    if len(tokens) < k + 3:
        return None
    cue = (tokens[k].start, tokens[k].end)
    j = k + 1
    source = None
    if tokens[j].lower == "by":
        src = sources.forward(tokens, j + 1, limit=8)
        if src is None:
            return None
        source = (tokens[src[0]].start, tokens[src[1] - 1].end)
        j = src[1]
    first = j
    if j < len(tokens) and (tokens[j].lower in _ASKED_ADVERBIAL or tokens[j].lower in TRAILERS):
        # "Asked on Fox News who leads", "Asked during a debate in Iowa why": skip the phrase
        look = j + 1
        while look < len(tokens) and look - j < 7 and tokens[look].is_word and (
            tokens[look].lower not in QUESTION_WORDS or tokens[look].lower == "to"
        ):
            look += 1
        if look < len(tokens) and tokens[look].lower in QUESTION_WORDS - {"to", "about"}:
            first = j = look
    elif j < len(tokens) and tokens[j].lower.endswith("ly") and j + 1 < len(tokens) and (
        tokens[j + 1].lower in QUESTION_WORDS
    ):
        j += 1  # "Asked specifically what": the adverb belongs to the question
    if j >= len(tokens) or tokens[j].lower not in QUESTION_WORDS:
        return None
    if opening:
        end = j
        while end < len(tokens) and not (tokens[end].text == "," and not inside_quote(
            doc, tokens[end]
        )):
            end += 1
        if end >= len(tokens) or end - j < 2:
            return None
        return Found(cue, (tokens[first].start, tokens[end - 1].end), source, sentence.index)
    if tokens[j].lower in {"to", "about"}:
        return None
    stop = content_end(doc, sentence, j)
    if stop - tokens[j].start < 8:
        return None
    return Found(cue, (tokens[first].start, stop), source, sentence.index)


def colon_line(doc: Doc, sentence: Sentence) -> Found | None:
    """'Sanders: Endorsements prove ...' and 'Q: ...': a name, a colon, what they said."""
    tokens = sentence.tokens
    first_of_paragraph = sentence.index == 0 or doc.sentences[sentence.index - 1].paragraph != (
        sentence.paragraph
    )
    if not first_of_paragraph:
        return None
    colon = next((i for i, t in enumerate(tokens[:6]) if t.text == ":"), None)
    if colon is None or colon == 0 or len(tokens) - colon < 4:
        return None
    head = tokens[:colon]
    if not all(t.capitalized or t.text in {".", "’s", "'s"} for t in head):
        return None
    if any(t.lower in COLON_NOT_SPEAKERS for t in head):
        return None
    k = colon + 1
    end = len(tokens)
    while end > k and tokens[end - 1].text in END_PUNCT:
        end -= 1
    if end - k < 2:
        return None
    return Found(
        cue=(tokens[colon].start, tokens[colon].end),
        content=(tokens[k].start, tokens[end - 1].end),
        source=(head[0].start, head[-1].end),
        sentence=sentence.index,
    )


def in_poll(doc: Doc, sentence: Sentence, match: re.Match[str]) -> Found | None:
    """'In a new Fox News poll, Trump leads ...' / 'Trump leads in a poll released Monday'."""
    tokens = sentence.tokens
    cue_index = next((i for i, t in enumerate(tokens) if t.start == match.start()), None)
    after = next((i for i, t in enumerate(tokens) if t.start >= match.end()), len(tokens))
    if cue_index is None or doc.quote_containing(match.start()) is not None:
        return None
    source = (tokens[cue_index + 1].start, tokens[after - 1].end)
    cue = (tokens[cue_index].start, tokens[cue_index].end)
    if cue_index == 0:
        if after >= len(tokens) or tokens[after].text != ",":
            return None
        k = after + 1
        if len(tokens) - k < 3:
            return None
        return Found(cue, (tokens[k].start, content_end(doc, sentence, k)), source,
                     sentence.index)
    if cue_index < 3 or (after < len(tokens) and tokens[after].text not in END_PUNCT + ","):
        return None
    end = cue_index
    while end > 0 and tokens[end - 1].text in {",", "—", "-"}:
        end -= 1
    return Found(cue, (tokens[0].start, tokens[end - 1].end), source, sentence.index)


# Participles whose subject is worth finding behind a fronted adverbial: they report
# what was said ("..., Mrs. Lee tried to explain, saying that ..."), not what was done.
_CLAUSE_LEMMAS = words("say argue explain insist add claim suggest warn note")


def participle(doc: Doc, sentence: Sentence, index: int, earlier: list[Found]) -> Found | None:
    """", saying C": the speaker is the subject of the sentence (or of the earlier cue)."""
    tokens = sentence.tokens
    lemma = SPEECH_VERBS[tokens[index].lower]
    cue_end = index
    if index + 2 < len(tokens) and tokens[index + 1].lower in PARTICLES.get(lemma, set()):
        cue_end = index + 1  # ", referring to X", ", pointing out that C": the particle is cue
    k = skip_to_content(tokens, cue_end + 1)
    if k is None or k >= len(tokens):
        return None
    assert k is not None
    if lemma == "tell" and tokens[k].lower != "that" and tokens[k].text not in QUOTE_MARKS:
        # ", telling CBS that C", ", telling reporters: “C”": past the hearer
        hearer = sources.forward(tokens, k, limit=8)
        if hearer is None or hearer[1] >= len(tokens) - 1:
            return None
        k = hearer[1] + (tokens[hearer[1]].text == ":")
        if tokens[k].lower != "that" and tokens[k].text not in QUOTE_MARKS:
            return None
    clausal = lemma in _CLAUSAL_PARTICIPLES and (
        tokens[k].lower in _CONTENT_OPENERS or tokens[k].capitalized
    )  # ", noting he had backed X", ", adding the team was united"
    if lemma in WEAK_VERBS and tokens[k].lower != "that" and tokens[k].text not in QUOTE_MARKS and (
        not clausal
    ):
        return None
    source = earlier[-1].source if earlier else None
    if source is None:
        subject = sources.sentence_subject(tokens, index, fronted=lemma in _CLAUSE_LEMMAS)
        if subject is None:
            return None
        source = (tokens[subject[0]].start, tokens[subject[1] - 1].end)
    end = content_end(doc, sentence, k)
    if end - tokens[k].start < 3:
        return None
    return Found(
        (tokens[index].start, tokens[cue_end].end), (tokens[k].start, end), source, sentence.index
    )


# Weak verbs whose participle after a comma reports a clause even without "that".
_CLAUSAL_PARTICIPLES = words("note add warn claim suggest predict complain admit insist")


# Participles that report what a noun phrase right before them said: "voters saying".
_NOUN_LED_LEMMAS = words("say claim argue insist warn predict")
_CONTENT_OPENERS = words("that the a an he she it they we i his her their its this there")
_SHARE_WORDS = words("percent % share majority majorities half third quarter most")


def noun_participle(doc: Doc, sentence: Sentence, index: int) -> Found | None:
    """'with 40 percent of voters saying C', 'a letter saying that C': the phrase right
    before the participle is its speaker."""
    tokens = sentence.tokens
    if SPEECH_VERBS[tokens[index].lower] not in _NOUN_LED_LEMMAS:
        return None
    src = sources.backward(tokens, index)
    if src is None or src[1] != index or tokens[src[1] - 1].lower in PRONOUNS:
        return None
    counted = any(t.lower in _SHARE_WORDS for t in tokens[src[0] : index])
    if not counted and not (src[0] > 0 and tokens[src[0] - 1].lower == "with"):
        return None  # "a clip of X saying", "the polls saying": too often no speaker at all
    k = index + 1
    if k >= len(tokens) - 2:
        return None
    first = tokens[k]
    if not (first.lower in _CONTENT_OPENERS or first.text in QUOTE_MARKS):
        return None
    end = content_end(doc, sentence, k)
    if end - first.start < 8:
        return None
    return Found(
        (tokens[index].start, tokens[index].end),
        (first.start, end),
        (tokens[src[0]].start, tokens[src[1] - 1].end),
        sentence.index,
    )


STATEMENT_SAYING = re.compile(
    r"\b(?:issued|released|put\s+out|sent(?:\s+out)?|posted|published)\s+(?:a|an)\s+"
    r"(?:[\w\-]+\s+){0,3}?(?:statement|e-?mail|memo|letter|report|message|ad|video|tweet"
    r"|note|release)\b(?:\s+[\w’'\-]+){0,3}?,?\s+"
    r"(?P<verb>saying|stating|declaring|arguing|claiming|warning|insisting)\b",
    re.IGNORECASE,
)


def statement_saying(doc: Doc, sentence: Sentence, match: re.Match[str]) -> Found | None:
    """'X issued a statement Tuesday saying C': the cue runs from the verb to the participle
    (as PolNeAR marks it) and the speaker is the subject before the verb."""
    tokens = sentence.tokens
    verb = next((i for i, t in enumerate(tokens) if t.start == match.start()), None)
    k = next((i for i, t in enumerate(tokens) if t.start >= match.end()), None)
    if verb is None or k is None or len(tokens) - k < 3 or inside_quote(doc, tokens[verb]):
        return None
    src = sources.backward(tokens, verb) or sources.opening_subject(tokens, verb)
    if src is None:
        return None
    while k < len(tokens) - 3 and tokens[k].text in {",", ":"}:
        k += 1  # 'saying, “C”' (a colon joins the cue later, as after any verb)
    end = content_end(doc, sentence, k)
    if end - tokens[k].start < 3:
        return None
    return Found(
        (match.start(), match.end()),
        (tokens[k].start, end),
        (tokens[src[0]].start, tokens[src[1] - 1].end),
        sentence.index,
    )


EXPECTED = re.compile(
    r"\b(?:is|are|was|were)(?:\s+(?:widely|not|also|still|now|generally))?\s+expected"
    r"(?=\s+to\s)",
    re.IGNORECASE,
)


def expected(doc: Doc, sentence: Sentence, match: re.Match[str]) -> Found | None:
    """'The board is widely expected to approve C': an expectation held by nobody named,
    which PolNeAR counts as an attribution; the content is what is expected."""
    tokens = sentence.tokens
    k = next((i for i, t in enumerate(tokens) if t.start >= match.end()), None)
    if k is None or len(tokens) - k < 3 or doc.quote_containing(match.start()) is not None:
        return None
    end = content_end(doc, sentence, k)
    if end - tokens[k].start < 8:
        return None
    return Found((match.start(), match.end()), (tokens[k].start, end), None, sentence.index)


def line_from(doc: Doc, sentence: Sentence, match: re.Match[str]) -> Found | None:
    tokens = sentence.tokens
    after = next((i for i, t in enumerate(tokens) if t.start >= match.end()), None)
    before = next((i for i in range(len(tokens) - 1, -1, -1) if tokens[i].end <= match.start()),
                  None)
    if after is None or before is None:
        return None
    src = sources.forward(tokens, after, limit=16)
    content = content_before(doc, sentence, before)
    if src is None or content is None:
        return None
    return Found(
        cue=(match.start(), match.end()),
        content=content,
        source=(tokens[src[0]].start, tokens[src[1] - 1].end),
        sentence=sentence.index,
        reported="reportedly" in match.group().lower(),
    )


def words_of(doc: Doc, sentence: Sentence, match: re.Match[str]) -> Found | None:
    tokens = sentence.tokens
    after = next((i for i, t in enumerate(tokens) if t.start >= match.end()), None)
    if after is None:
        return None
    src = sources.forward(tokens, after, limit=10)
    if src is None:
        return None
    before = [q for q in doc.quotes if sentence.start <= q.start and q.end <= match.start()]
    if not before:
        return None
    quote = before[-1]
    return Found(
        cue=(match.start(), match.end()),
        content=(quote.start, quote.end),
        source=(tokens[src[0]].start, tokens[src[1] - 1].end),
        sentence=sentence.index,
    )
