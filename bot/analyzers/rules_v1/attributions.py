"""Reporting cues and their source and content spans, in every common order.

Orders handled, per sentence: "X said (that) C", "said X" after a quote or clause,
"“C,” X said", "C, according to X", "According to X, C", "X told Y (that) C",
"X, who ..., said C", "“C1,” X said, “C2.”", "X said: “C”", ", saying C" (the speaker
is the sentence's subject), and "“C,” was reportedly the line from X". A quote that runs
on over the next quote-only sentences of the paragraph (or the next paragraphs) is
taken whole as the content: one span, so a speaker tag between two quoted parts stays
inside it (PolNeAR would list the parts as fragments). Other cue shapes live in
`patterns`, content boundaries in `clauses`; the word lists were extended and the rules
tuned against PolNeAR's train split only.
"""

from __future__ import annotations

import re

from bot.analyzers.rules_v1 import sources
from bot.analyzers.rules_v1.clauses import (
    END_PUNCT,
    ENDERS,
    OPENERS,
    PARTICIPLES,
    QUESTION_WORDS,
    Found,
    content_before,
    content_end,
    coordinated_cue,
    cue_tail,
    ends_clause,
    extend_quote,
    inside_quote,
    maybe_continue,
    skip_to_content,
)
from bot.analyzers.rules_v1.lexicon import (
    BELIEF_VERBS,
    CUE_CHAIN,
    EVIDENCE_HEADS,
    HEARER_VERBS,
    INVERTED_VERBS,
    PARTICLES,
    PRONOUNS,
    SOURCE_HEADS,
    SPEECH_VERBS,
    STRONG_VERBS,
    TITLES,
    TRANSITIVE_VERBS,
    WEAK_VERBS,
)
from bot.analyzers.rules_v1.patterns import (
    EXPECTED,
    IN_POLL,
    LINE_FROM,
    STATEMENT_SAYING,
    WORDS_OF,
    according,
    as_noted,
    asked,
    based_on,
    colon_line,
    expected,
    in_poll,
    line_from,
    noun_participle,
    participle,
    statement_saying,
    title_case,
    words_of,
)
from bot.analyzers.rules_v1.text import (
    QUOTE_MARKS,
    Doc,
    Sentence,
    Token,
    opens_at,
)
from bot.analyzers.rules_v1.wordlist import words

_HEARER_LEMMAS = frozenset(SPEECH_VERBS[v] for v in HEARER_VERBS)


_NUMBER_WORDS = words(
    """
    one two three four five six seven eight nine ten dozen dozens half third thirds quarter
    quarters percent
    """
)


_NUMBER_VERBS = words("said say says told think thought believe believed want wanted felt feel")


# Verb forms that are more often nouns: a cue only after a clear speaker.
_NOUN_FORMS = words(
    """
    points charges calls claims reports remarks questions notes shows attacks talks supports
    orders offers quotes posts signals requests voices answers thanks tweets emails email
    demands promises pledges estimates counters references highlights champions blames
    states charge call claim report remark question note show attack talk support order
    offer quote post signal request voice answer tweet demand promise pledge estimate
    """
)


# Words after which a verb form of _NOUN_FORMS is a noun: "support for", "attack was".
_AFTER_A_NOUN = words(
    """
    for from of is was were are has had would will should could now ads ad coming hit
    """
)


# Weak verbs that still report speech without "that" when a clause follows.
_CLAUSAL_WEAK = words(
    "note report reveal confirm admit warn claim suggest predict complain show find indicate"
)


_CLAUSE_STARTERS = words("the a an he she it they we i his her their its this there")


def _clause_start(token: Token) -> bool:
    return token.lower in _CLAUSE_STARTERS or (token.capitalized and token.is_word)


# A passive cue: "was asked", "has been criticized" (not "is saying", "was worried").
_PASSIVE = re.compile(
    r"(?:is|was|were|are|been|being|be)\s+(?:\w+ly\s+)?(?!worried\b)\w+(?<!ing)\b:?$",
    re.IGNORECASE,
)


# Prepositions that put a phrase inside a longer subject: "a poll conducted by X shows".
_PP_HEADS = words("by of from for at in on with about")


# Verbs whose subject is often a record with a long modifier: "A poll last month showed".
_EVIDENCE_VERBS = words("show find reveal indicate suggest confirm")


_PROGRESSIVE = frozenset({"is", "are", "was", "were", "been", "’s", "'s", "am"})


def find(doc: Doc) -> list[Found]:
    """Every attribution found in `doc`, in text order."""
    found: list[Found] = []
    for sentence in doc.sentences:
        found.extend(_in_sentence(doc, sentence))
    for item in found:
        if doc.text.startswith(":", item.cue[1]):
            item.cue = (item.cue[0], item.cue[1] + 1)  # "said:" (PolNeAR counts the colon)
        if _PASSIVE.match(doc.text, item.cue[0], item.cue[1]):
            item.source = None  # "Lee was asked": the subject is who heard, not who spoke
    found.sort(key=lambda f: f.cue)
    return found


def _in_sentence(doc: Doc, sentence: Sentence) -> list[Found]:
    tokens = sentence.tokens
    out: list[Found] = []
    used: set[int] = set()
    for match in LINE_FROM.finditer(doc.text, sentence.start, sentence.end):
        item = line_from(doc, sentence, match)
        if item:
            out.append(item)
    for match in STATEMENT_SAYING.finditer(doc.text, sentence.start, sentence.end):
        item = statement_saying(doc, sentence, match)
        if item:
            out.append(item)
            used.update(i for i, t in enumerate(tokens) if t.start == match.start("verb"))
    for match in EXPECTED.finditer(doc.text, sentence.start, sentence.end):
        item = expected(doc, sentence, match)
        if item:
            out.append(item)
    for match in WORDS_OF.finditer(doc.text, sentence.start, sentence.end):
        item = words_of(doc, sentence, match)
        if item:
            out.append(item)
    out.extend(asked(doc, sentence))
    for pattern in (colon_line, as_noted, based_on):
        found = pattern(doc, sentence)
        if found is not None:
            out.append(found)
    headline = title_case(sentence)
    for match in IN_POLL.finditer(doc.text, sentence.start, sentence.end):
        item = in_poll(doc, sentence, match)
        if item:
            out.append(item)
    for index, token in enumerate(tokens):
        if index in used or inside_quote(doc, token):
            continue
        low = token.lower
        if low == "according" and index + 1 < len(tokens) and tokens[index + 1].lower == "to":
            item = according(doc, sentence, index)
            used.add(index + 1)
        elif low in PARTICIPLES and index > 1 and tokens[index - 1].lower in _PROGRESSIVE:
            item = _verb(doc, sentence, index, out, progressive=True)
        elif low in PARTICIPLES and index > 0 and (
            tokens[index - 1].text == ","
            or tokens[index - 1].lower in {"by", "while", "after", "before", "when", "in"}
        ):
            item = participle(doc, sentence, index, out)
        elif low in PARTICIPLES and index > 1 and tokens[index - 1].is_word:
            item = noun_participle(doc, sentence, index)
        elif low in SPEECH_VERBS and (not token.capitalized or index == 0 or headline):
            item = _verb(doc, sentence, index, out)
        else:
            continue
        if item is not None:
            out.append(item)
    return out


def _verb(
    doc: Doc, sentence: Sentence, index: int, earlier: list[Found], progressive: bool = False
) -> Found | None:
    tokens = sentence.tokens
    token = tokens[index]
    lemma = SPEECH_VERBS[token.lower]
    if index > 0 and tokens[index - 1].lower in {"to", "not", "n't", "never"}:
        return None
    if token.lower in PARTICIPLES and not progressive:
        return None
    nxt = tokens[index + 1] if index + 1 < len(tokens) else None
    before = sources.backward(tokens, index)
    boundary = before[0] - 1 if before else index - 1
    quote_led = boundary >= 0 and (
        tokens[boundary].text == "," or tokens[boundary].text in ENDERS
    )
    reported = index > 0 and any(
        t.lower == "reportedly" for t in tokens[max(0, index - 3) : index]
    )
    if before is None and quote_led and nxt is not None and lemma in INVERTED_VERBS:
        # "“C,” said X." / "C, said X."
        after = sources.forward(tokens, index + 1)
        if after is not None:
            after = (after[0], _appositive_end(doc, tokens, after[1]))
        if after is None or not ends_clause(tokens, after[1]):
            after = sources.after_inverted_cue(tokens, index + 1)
            if after is not None:
                after = (after[0], _appositive_end(doc, tokens, after[1]))
        if after is None or not ends_clause(tokens, after[1]):
            return None
        content = content_before(doc, sentence, boundary)
        if content is None:
            return None
        end_token = after[1]
        return Found(
            cue=(token.start, token.end),
            content=maybe_continue(doc, sentence, end_token, content),
            source=(tokens[after[0]].start, tokens[after[1] - 1].end),
            sentence=sentence.index,
            reported=reported,
        )
    if before is None and index > 1 and tokens[index - 1].lower in {"and", "but"}:
        # "X called Trump a blowhard, and said ...": the speaker is the sentence's subject.
        subject = _subject(sentence, index, earlier)
        if subject is None:
            return None
        before = subject
    if before is None and not quote_led and (
        lemma in STRONG_VERBS or (nxt is not None and nxt.lower == "that")
    ):
        before = sources.opening_subject(tokens, index)
        if before is not None:  # '“C,” the harbour magnate told ...': led by the quote
            boundary = before[0] - 1
            quote_led = boundary >= 0 and (
                tokens[boundary].text == "," or tokens[boundary].text in ENDERS
            )
    head = tokens[before[1] - 1] if before is not None else None
    inside_modifier = before is not None and before[0] > 0 and (
        tokens[before[0] - 1].lower in _PP_HEADS
    )
    if (before is None or inside_modifier) and nxt is not None and (
        nxt.lower == "that" or token.lower in {"said", "says", "told", "tells"}
    ) and not quote_led:
        # "A new report on the plan's costs claims that ...": a subject with modifiers.
        long_subject = sources.subject_phrase(tokens, index)
        if long_subject is not None:
            before, head = long_subject[:2], tokens[long_subject[2]]
    if lemma in _EVIDENCE_VERBS and not quote_led and (head is None or (
        head.lower not in EVIDENCE_HEADS and not head.capitalized
    ) or inside_modifier):
        # "A review by The Times shows ...", "FEC records from the 2008 cycle show ...":
        # the sentence's subject is a record that shows, however long
        long_subject = sources.subject_phrase(tokens, index)
        if long_subject is not None and tokens[long_subject[2]].lower in EVIDENCE_HEADS:
            before, head = long_subject[:2], tokens[long_subject[2]]
    if before is None or head is None:
        return None
    if not _plausible_subject(head, token):
        return None
    if token.lower in _NOUN_FORMS and nxt is not None and nxt.lower in _AFTER_A_NOUN and (
        nxt.lower not in PARTICLES.get(lemma, set())  # but "calls for" is a cue
    ):
        return None  # "the Orlando attack was", "Latino support for them": nouns
    if before[0] > 0 and tokens[before[0] - 1].lower in {"do", "does", "did"}:
        return None  # "Do you support X?": a question, not a report
    source = (tokens[before[0]].start, tokens[before[1] - 1].end)
    cue_start = token.start
    chain = before[1]
    while chain < index and tokens[chain].lower in sources.CONNECTIVES | {","}:
        chain += 1  # "Lee, however, said": the connective is no part of the cue
    if all(
        t.lower in CUE_CHAIN or (sources.skippable(t) and t.lower != "reportedly")
        for t in tokens[chain:index]
    ):
        cue_start = tokens[chain].start if chain < index else token.start
    if lemma in TRANSITIVE_VERBS:
        return _transitive(doc, sentence, index, lemma, cue_start, source, reported)
    after_cue = index + 1
    hearer = None
    if lemma in _HEARER_LEMMAS and after_cue < len(tokens):
        obj = sources.forward(tokens, after_cue, limit=8)
        if obj is not None and tokens[obj[0]].lower != "that":
            hearer = (tokens[obj[0]].start, tokens[obj[1] - 1].end)
            after_cue = obj[1]
    colon_next = any(k < len(tokens) - 1 and tokens[k].text == ":" for k in (index + 1, after_cue))
    if quote_led and not colon_next and (
        ends_clause(tokens, index + 1) or ends_clause(tokens, after_cue)
    ):  # "“C,” X said." -- but "On Friday, X said: C" introduces what follows
        content = content_before(doc, sentence, boundary)
        if content is None and boundary == 1:
            content = (tokens[0].start, tokens[0].end)
        if content is None:
            return None
        rest = after_cue + 1
        if (
            not opens_at(doc.text, content[0])
            and after_cue < len(tokens) - 2
            and tokens[after_cue].text == ","
            and tokens[rest].is_word
            and tokens[rest].lower not in PARTICIPLES | {"according"}
        ):
            # "The delays, she said, were caused by ...": the clause runs on past the tag.
            start = content[0] if boundary > 1 else tokens[rest].start
            return Found(
                cue=(cue_start, token.end),
                content=(start, content_end(doc, sentence, rest)),
                source=source,
                sentence=sentence.index,
                reported=reported,
            )
        return Found(
            cue=(cue_start, cue_tail(tokens, index, len(tokens))),
            content=maybe_continue(doc, sentence, index + 1, content),
            source=source,
            sentence=sentence.index,
            hearer=hearer if after_cue > index + 1 else None,
            reported=reported,
        )
    # "X said (that) C", "X told Y that C", "X said: “C”"
    k = index + 1
    hearer = None
    requested = False  # "asked X to V"
    if (
        k < len(tokens)
        and lemma in _HEARER_LEMMAS
        and tokens[k].lower != "that"
        and tokens[k].text not in QUOTE_MARKS | {":", ","}
    ):
        obj = sources.forward(tokens, k, limit=8)
        asked = _asked_of(tokens, k, obj) if lemma == "ask" else None
        if asked is not None:
            obj = asked
        if obj is not None:
            hearer = (tokens[obj[0]].start, tokens[obj[1] - 1].end)
            k = obj[1]
            if lemma == "ask" and tokens[k].lower == "to":
                k, hearer, requested = obj[0], None, True  # "asked Norton to republish it"
    skipped = skip_to_content(tokens, k)
    if skipped is None or skipped >= len(tokens):
        return None
    k = skipped
    first = tokens[k]
    if (
        not requested
        and lemma in WEAK_VERBS
        and lemma not in STRONG_VERBS
        and first.lower != "that"
        and first.text not in QUOTE_MARKS
        and tokens[k - 1].text != ":"
        and tokens[before[1] - 1].lower not in EVIDENCE_HEADS
        and head.lower not in EVIDENCE_HEADS
        and not (lemma == "ask" and first.lower in QUESTION_WORDS)
        and not (lemma in _CLAUSAL_WEAK and _clause_start(first))
    ):
        return None
    if lemma == "write" and first.lower in {"a", "an", "about", "for", "in", "to", "the"}:
        return None  # "wrote a book", "wrote for the Post": not what was written
    if lemma == "feel" and first.lower != "that":
        return None  # "felt betrayed", "felt compelled", "felt like": a feeling, no content
    if lemma in BELIEF_VERBS and (
        first.lower in {"so", "about", "of", "it", "this", "is", "was", "what", "how", "why"}
        or not (first.is_word or first.text in QUOTE_MARKS)
        or (tokens[before[1] - 1].lower in {"i", "you", "we", "who", "they"} and lemma == "know")
    ):
        return None
    cue_end = cue_tail(tokens, index, k)
    start = tokens[k].start
    end = content_end(doc, sentence, k)
    if end - start < 3:
        return None
    if opens_at(doc.text, start) and end >= sentence.end - 1:
        end = extend_quote(doc, sentence, end)
    return Found(
        cue=(cue_start, cue_end),
        content=(start, end),
        source=source,
        sentence=sentence.index,
        hearer=hearer,
        reported=reported,
    )


def _transitive(
    doc: Doc,
    sentence: Sentence,
    index: int,
    lemma: str,
    cue_start: int,
    source: tuple[int, int],
    reported: bool,
) -> Found | None:
    """'X called Y a liar', 'X criticized Y for Z': the object to the end of the clause."""
    tokens = sentence.tokens
    cue_end = index + 1
    if cue_end < len(tokens) and tokens[cue_end].lower in PARTICLES.get(lemma, set()):
        cue_end += 1
    if cue_end >= len(tokens) or not (
        tokens[cue_end].is_word or tokens[cue_end].text in QUOTE_MARKS
    ):
        return None
    if tokens[cue_end].lower in {"by", "that", "as", "in", "on", "at", "with"} or (
        tokens[cue_end].lower == "it" and lemma not in {"call", "describe"}
    ):  # "called it a mistake" reports; "seek it", "offered it" seldom do
        return None
    k = cue_end
    while k < len(tokens):
        text = tokens[k].text
        if tokens[k].lower in {"and", "but"} and k > cue_end and coordinated_cue(tokens, k + 1):
            break
        if text in {",", ";", ":", "—", "(", "."} and not inside_quote(doc, tokens[k]):
            break
        if text in {"!", "?"} and not inside_quote(doc, tokens[k]):
            break
        k += 1
    if k == len(tokens) and tokens[k - 1].text in END_PUNCT:
        k -= 1
    while k > cue_end and tokens[k - 1].text in {".", ",", ";"}:
        k -= 1
    if k - cue_end < 1:
        return None
    end = tokens[k - 1].end
    if k < len(tokens) and tokens[k].text == "." and tokens[k - 1].text in ENDERS:
        end = tokens[k - 1].end
    return Found(
        cue=(cue_start, tokens[cue_end - 1].end),
        content=(tokens[cue_end].start, end),
        source=source,
        sentence=sentence.index,
        reported=reported,
    )


def _appositive_end(doc: Doc, tokens: list[Token], end: int) -> int:
    """'said Mark Thurber, associate director at X, who ...': the speaker's description
    runs to the end of the sentence, unless a quote or another cue follows."""
    if end >= len(tokens) - 1 or tokens[end].text != ",":
        return end
    k = end + 1
    if tokens[k].text in OPENERS or tokens[k].lower in PARTICIPLES | {"according"}:
        return end
    while k < len(tokens):
        token = tokens[k]
        if token.text in OPENERS or (token.text == "," and k + 1 < len(tokens) and (
            tokens[k + 1].text in OPENERS or tokens[k + 1].lower in PARTICIPLES
        )):
            return k
        if token.text in {".", "!", "?", ";"} and not inside_quote(doc, token):
            return k
        k += 1
    return k


def _asked_of(
    tokens: list[Token], start: int, obj: tuple[int, int] | None
) -> tuple[int, int] | None:
    """'asked our followers which candidate won', 'asked Norton to republish the book':
    the one asked ends before the question word or "to" (the walk forward runs past it)."""
    end = obj[1] if obj is not None else min(len(tokens), start + 8)
    for k in range(start + 1, end):
        if tokens[k].lower in QUESTION_WORDS - {"about"} and tokens[k].lower != "when":
            return (start, k)
    return None


def _plausible_subject(head: Token, verb: Token) -> bool:
    """Rule out noun readings: "two points", "911 calls", "incitement charges"."""
    number = head.text[:1].isdigit() or head.lower in _NUMBER_WORDS
    if number and verb.lower not in _NUMBER_VERBS:
        return False
    return verb.lower not in _NOUN_FORMS or (
        head.capitalized or head.lower in PRONOUNS or head.lower in SOURCE_HEADS
        or head.lower in TITLES
    )


def _subject(sentence: Sentence, index: int, earlier: list[Found]) -> tuple[int, int] | None:
    """Token range of the speaker of an earlier cue in the sentence, or of its subject."""
    tokens = sentence.tokens
    if earlier and earlier[-1].source is not None and earlier[-1].sentence == sentence.index:
        start, end = earlier[-1].source
        first = next((i for i, t in enumerate(tokens) if t.start == start), None)
        last = next((i for i, t in enumerate(tokens) if t.end == end), None)
        if first is not None and last is not None:
            return (first, last + 1)
    subject = sources.forward(tokens, 0, limit=8)
    if subject is None or subject[1] >= index:
        return None
    return subject
