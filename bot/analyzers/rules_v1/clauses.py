"""Where a reported statement starts and ends, and the `Found` record of one attribution.

Content boundaries are the hard part of attribution without a parser: a quote may run on
over the next sentences or paragraphs, an aside ("she said,") may sit inside it, and a
clause ends before "; ", before ", according to", before a second cue of the same
speaker ("... and added that"). These helpers answer those questions with token offsets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.analyzers.rules_v1.lexicon import (
    COGNITIVE_VERBS,
    CUE_CHAIN,
    SPEECH_VERBS,
)
from bot.analyzers.rules_v1.text import (
    CLOSE_QUOTES,
    OPEN_QUOTES,
    TOGGLE_QUOTES,
    Doc,
    Sentence,
    Token,
    opens_at,
)
from bot.analyzers.rules_v1.wordlist import words

OPENERS = OPEN_QUOTES | TOGGLE_QUOTES


ENDERS = CLOSE_QUOTES | TOGGLE_QUOTES


PARTICIPLES = frozenset(w for w in SPEECH_VERBS if w.endswith("ing"))


END_PUNCT = ".!?;:"


TIME_NOUNS = words(
    "week weekend month year morning afternoon evening night day weeks months years time"
)


SUBJECT_PRONOUNS = words("he she they it we i there")


QUESTION_WORDS = words(
    """
    if whether what why how when who where which to about
    """
)


TRAILERS = frozenset(
    words(
    """
    in on at to during after before on via from with through last this yesterday today
    monday tuesday wednesday thursday friday saturday sunday
    """
)
)


@dataclass
class Found:
    """One attribution before it becomes a model: offsets into the article text."""

    cue: tuple[int, int]
    content: tuple[int, int]
    source: tuple[int, int] | None
    sentence: int
    hearer: tuple[int, int] | None = None  # "told France 24": where it was said
    reported: bool = False  # "reportedly told", "was reportedly the line"


_WORD = re.compile(r"[a-z]+")


def cognitive(text: str, item: Found) -> bool:
    """Is the cue a verb of thinking or wanting ("knew", "has long believed", "is expected")?

    PolNeAR counts these as attributions, but their subject holds the content in mind;
    nobody is quoted as saying it, so the subject is no claimant of it."""
    cue = text[item.cue[0] : item.cue[1]].lower()
    return any(
        SPEECH_VERBS.get(word) in COGNITIVE_VERBS or word == "expected"  # "is expected to"
        for word in _WORD.findall(cue)
    )


def inside_quote(doc: Doc, token: Token) -> bool:
    quote = doc.quote_containing(token.start)
    return quote is not None and quote.start < token.start


def content_end(doc: Doc, sentence: Sentence, start_token: int) -> int:
    """Where content running from a token to the end of its clause stops."""
    tokens = sentence.tokens
    end_index = len(tokens)
    for k in range(start_token, len(tokens) - 1):
        if tokens[k].text == ";" and not inside_quote(doc, tokens[k]):
            end_index = k
            break
        if (
            k > start_token
            and tokens[k].lower in {"and", "but"}
            and coordinated_cue(tokens, k + 1)
            and not inside_quote(doc, tokens[k])
        ):
            end_index = k - 1 if tokens[k - 1].text == "," else k
            break
        if (
            tokens[k].text == ","
            and tokens[k + 1].lower in PARTICIPLES
            and not inside_quote(doc, tokens[k])
        ):
            end_index = k
            break
        if (
            tokens[k].text == ","
            and tokens[k + 1].lower == "according"
            and not inside_quote(doc, tokens[k])
        ):
            end_index = k
            break
        comma_before = tokens[k - 1].text == "," or (
            tokens[k - 1].text in ENDERS and tokens[k - 2].text == ","
        )
        if k > start_token + 1 and comma_before and not inside_quote(doc, tokens[k]) and (
            _words_of(tokens, k) or tokens[k].lower == "according"
        ):
            # '“C,” in the words of X', '“C,” according to X': a cue of its own follows
            end_index = k - 1 if tokens[k - 1].text == "," else k
            break
    last = tokens[end_index - 1]
    if end_index == len(tokens):
        while end_index > start_token and tokens[end_index - 1].text in END_PUNCT:
            end_index -= 1
        last = tokens[end_index - 1]
        if last.text in ENDERS:
            return last.end
    quote = doc.quote_containing(last.start)
    if quote is not None and quote.open_end:
        return quote.end
    return last.end


def _words_of(tokens: list[Token], k: int) -> bool:
    """Does "in the words of" start at tokens[k] (a cue of its own)?"""
    return [t.lower for t in tokens[k : k + 4]] == ["in", "the", "words", "of"]


def extend_quote(doc: Doc, sentence: Sentence, end: int) -> int:
    """Carry a quote's content on over following quote-only sentences of the paragraph."""
    position = sentence.index + 1
    while position < len(doc.sentences):
        nxt = doc.sentences[position]
        if nxt.paragraph != sentence.paragraph and not (
            nxt.paragraph == doc.sentences[position - 1].paragraph + 1
            and (q := doc.quote_containing(end - 1)) is not None
            and q.end > nxt.start
        ):
            break
        quote = doc.quote_starting_at(nxt.start, slack=0)
        if quote is None or quote.end < nxt.end - 1:
            break
        end = quote.end
        position += 1
    return end


def cue_tail(tokens: list[Token], index: int, content: int) -> int:
    """End of a cue with what PolNeAR counts in it: "said in a statement", "said:"."""
    between = [t.lower for t in tokens[index + 1 : content]]
    if between == [":"] or between == ["in", "a", "statement", ":"]:
        return tokens[content - 1].end
    if between[:3] == ["in", "a", "statement"] and len(between) <= 4:
        return tokens[index + 3].end
    return tokens[index].end


def skip_to_content(tokens: list[Token], k: int) -> int | None:
    """Skip "in a statement", "on Monday", "," before the content proper."""
    look = k
    adverbial = k < len(tokens) and (
        tokens[k].lower in TRAILERS or tokens[k].text == "," or tokens[k].lower == "for"
    )
    while adverbial and look < len(tokens) and look - k < 10:
        text = tokens[look].text
        if tokens[look].lower == "that":
            return look
        if text == ":":
            return look + 1
        if text in OPENERS:
            return look
        if text in {".", ";", "?", "!"}:
            break
        look += 1
    if k < len(tokens) and tokens[k].text in OPENERS | {":"}:
        return k + 1 if tokens[k].text == ":" else k
    if k < len(tokens) and tokens[k].text == ",":
        if k + 1 < len(tokens) and tokens[k + 1].text in OPENERS:
            return k + 1
        if k + 1 < len(tokens) and tokens[k + 1].is_word and k >= 3 and parenthetical(tokens, k):
            return k + 1  # "Rather, he said, the struggles will ..."
        return None
    if k < len(tokens) and tokens[k].lower in TRAILERS:
        # "told The Star-Ledger last week she would ...": skip a short time phrase
        look = k
        while look < len(tokens) and look - k < 4 and (
            tokens[look].lower in TRAILERS or tokens[look].lower in TIME_NOUNS
            or tokens[look].text[:1].isdigit() or tokens[look].lower in {"the", "a"}
        ):
            look += 1
        if look - k >= 2 and look < len(tokens) and tokens[look].lower in SUBJECT_PRONOUNS:
            return look
        return None
    return k


def coordinated_cue(tokens: list[Token], k: int) -> bool:
    """Does a new reporting verb of the same speaker start at k ('... and added that')?"""
    while k < len(tokens) and tokens[k].lower in CUE_CHAIN:
        k += 1
    return (
        k < len(tokens)
        and tokens[k].lower in SPEECH_VERBS
        and not tokens[k].capitalized
        and not tokens[k].lower.endswith("ing")
    )


def parenthetical(tokens: list[Token], comma: int) -> bool:
    """Is the cue before `comma` set off by commas: 'Otherwise, she said, countries ...'?"""
    k = comma - 1
    while k > 0 and comma - k <= 6 and tokens[k].text != ",":
        k -= 1
    return tokens[k].text == "," and comma - k <= 6


def ends_clause(tokens: list[Token], k: int) -> bool:
    """Nothing but trailing phrases ("in a statement on Monday") after the cue?"""
    if k >= len(tokens):
        return True
    first = tokens[k]
    if first.text in END_PUNCT:
        return True
    if first.lower in {"posted", "published", "released", "issued", "sent", "signed", "shared"}:
        return True
    if first.text == ",":
        nxt = tokens[k + 1] if k + 1 < len(tokens) else None
        return nxt is None or not (nxt.text in OPENERS or nxt.lower == "that")
    return first.lower in TRAILERS or first.lower in {"of", "about", "when", "as", "while"}


def content_before(doc: Doc, sentence: Sentence, boundary: int) -> tuple[int, int] | None:
    """The quote or clause ending at tokens[boundary] (a comma or closing quote)."""
    tokens = sentence.tokens
    mark = tokens[boundary]
    quote = doc.quote_ending_at(mark.end, slack=1)
    if quote is None or quote.end > mark.end:
        quote = None
        if boundary >= 1 and mark.text == ",":
            quote = doc.quote_ending_at(tokens[boundary - 1].end, slack=0)
    if quote is not None:
        # 'Closing it would “send the wrong message,” he said': the lead-in is content too.
        start = quote.start
        if sentence.start < quote.start and tokens[0].text not in OPENERS:
            start = tokens[0].start
        return (start, quote.end)
    if boundary < 2:
        return None
    start = tokens[0].start
    return (start, tokens[boundary - 1].end)


def maybe_continue(
    doc: Doc, sentence: Sentence, after: int, content: tuple[int, int]
) -> tuple[int, int]:
    """'“C1,” X said, “C2.”' and following quote-only sentences extend the content."""
    tokens = sentence.tokens
    k = after
    while k < len(tokens) and tokens[k].text not in {","} and tokens[k].text not in END_PUNCT:
        k += 1
    end = content[1]
    if (
        k + 1 < len(tokens)
        and tokens[k].text == ","
        and tokens[k + 1].text in OPENERS
        and opens_at(doc.text, content[0])
    ):
        quote = doc.quote_starting_at(tokens[k + 1].start, slack=0)
        if quote is not None:
            end = quote.end
    if opens_at(doc.text, content[0]):
        end = extend_quote(doc, sentence, max(end, sentence.end))
        if end == sentence.end:
            end = max(content[1], quote_end_in(doc, sentence, content[1]))
    return (content[0], end)


def quote_end_in(doc: Doc, sentence: Sentence, end: int) -> int:
    quote = doc.quote_ending_at(end, slack=0)
    return quote.end if quote else end
