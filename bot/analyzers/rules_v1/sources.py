"""Who is speaking: the noun phrase next to a reporting cue, and what kind of source it is.

Without a parser the phrase is found by walking from the cue over tokens that can sit in
a name or a title ("Israeli Prime Minister Benjamin Netanyahu", "a senior administration
official", "Sen. Chris Murphy (D-Conn.)") and stopping at clause words and punctuation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from bot.analyzers.rules_v1.lexicon import (
    ANONYMOUS_NOUNS,
    DOCUMENT_WORDS,
    ORGANIZATION_WORDS,
    OUTLETS,
    PRONOUNS,
    SOURCE_HEADS,
    SPEECH_VERBS,
    TITLES,
)
from bot.analyzers.rules_v1.text import QUOTE_MARKS, Token
from bot.analyzers.rules_v1.wordlist import words
from bot.models import SourceType

# Words that end a source phrase when walking back from the cue.
_CLAUSE_WORDS = frozenset(
    words(
    """
    that and but or because when while if as after before since although though so where
    whether than then thus however meanwhile also yet nor until unless once to in on at
    for with by from into about against over under during without through is was are
    were be been being has have had do does did will would can could should may might
    must not never said says say told tells saying telling
    """
)
)
# Words allowed inside a phrase even though they are lower case.
_NP_INNER = frozenset(
    words(
    """
    of the a an and for to at on in from de la del von van bin al el le du der 's former
    current senior top chief deputy vice acting one two three four five six seven eight
    nine ten several some many other others both all more most few those these this his
    her their its our my your anonymous unnamed unidentified
    """
)
)
_LEADING_DROP = frozenset(
    words(
    """
    but and so yet still now then however meanwhile yesterday today tonight later
    earlier also instead indeed moreover furthermore
    """
)
)
_TIME_WORDS = frozenset(
    words(
    """
    monday tuesday wednesday thursday friday saturday sunday week weekend month year
    morning afternoon evening night day days weeks months years january february march
    april may june july august september october november december time
    """
)
)
_TIME_LEAD = frozenset(words(
    """
    on in at last this next during after before by early late
    """
))
_ANON = re.compile(
    r"\b(?:anonymous|unnamed|unidentified|senior|familiar with|close to|spoke on condition"
    r"|speaking on condition|who asked not|who declined to be named|current and former"
    r"|former and current)\b"
    r"|^(?:an?|one|two|three|four|five|several|some|many|\d+)\b.*\b(?:"
    + "|".join(ANONYMOUS_NOUNS)
    + r")\b"
    r"|^(?:officials|sources|aides|insiders|people|diplomats)\b",
    re.IGNORECASE,
)
_VAGUE_HEADS = words(
    "critics experts analysts observers some many others several insiders skeptics detractors"
)
_NAME = re.compile(r"^[A-Z][a-zA-Z’'\-\.]+$")


_SKIP_BEFORE_CUE = words(
    """
    also later then reportedly has have had previously recently repeatedly once again
    is are was were been am
    publicly privately flatly would will further earlier simply first subsequently
    separately similarly likewise initially originally already
    """
)
_NOT_HEADS = words(
    """
    under over after other either neither never ever whether rather however together later
    earlier former latter for or nor major minor prior poor door floor order border matter
    number member center per her their our your river summer winter water paper letter
    consent content event percent recent current different present important significant
    moment comment statement agreement government against"""
)
_TIME_ADVERBS = words("later earlier yesterday today tonight recently afterward afterwards")
_NUMBER_HEADS = words(
    """
    one two three four five six seven eight nine ten dozen dozens half third thirds quarter
    quarters majority minority percent plurality most many some few others all both
    email emails message note release ad website sign letter statement
    """
)
_NOT_ADVERBS = words("only early family ally italy july rally belly bully")


# Connectives between a speaker and the verb that are no part of the cue ("Lee, however,
# said", "Lee however said").
CONNECTIVES = words("however meanwhile though too instead nonetheless nevertheless")


def skippable(token: Token) -> bool:
    """Auxiliaries and adverbs between a speaker and the verb ("has repeatedly said")."""
    low = token.lower
    if low in _SKIP_BEFORE_CUE or low in CONNECTIVES:
        return True
    return low.endswith("ly") and low.isalpha() and not token.capitalized and (
        low not in _NOT_ADVERBS
    )


def _word_like(token: Token) -> bool:
    return token.is_word or token.text in {"&", "’s", "'s"}


def _head(token: Token) -> bool:
    """Can this token end a source phrase (a name, a title, a person or body noun)?"""
    low = token.lower
    if token.capitalized or token.text[:1].isdigit() or low in _NUMBER_HEADS:
        return True
    if low in SOURCE_HEADS or low in TITLES or low in ANONYMOUS_NOUNS:
        return True
    if low in _NOT_HEADS or not low.isalpha():
        return False
    return low.endswith(("er", "ers", "or", "ors", "ist", "ists", "ian", "ians", "ant", "ants",
                         "ent", "ents"))


def backward(tokens: list[Token], cue_index: int, limit: int = 18) -> tuple[int, int] | None:
    """Token range [i, j) of the phrase ending right before tokens[cue_index], or None."""
    j = cue_index
    while j > 0 and skippable(tokens[j - 1]):
        j -= 1
    j = _before_time_phrase(tokens, j)
    while j > 0 and skippable(tokens[j - 1]):
        j -= 1  # "Priebus later Thursday told"
    if j == 0:
        return None
    last = tokens[j - 1]
    if last.lower in PRONOUNS and last.lower not in {"that", "which", "one", "this"}:
        return (j - 1, j)
    if last.text == ")":  # Sen. Chris Murphy (D-Conn.)
        k = j - 1
        while k > 0 and tokens[k].text != "(" and j - k < 8:
            k -= 1
        if tokens[k].text == "(" and k > 0:
            head = backward(tokens, k, limit)
            return (head[0], j) if head else None
        return None
    if last.text == ",":
        return _appositive_back(tokens, j - 1, limit)
    if last.text in {"—", "–"}:
        return _dashed_back(tokens, j - 1, limit)
    if not _word_like(last) or last.lower in _CLAUSE_WORDS:
        return None
    plain = not _head(last)
    if plain and not (
        cue_index < len(tokens)
        and tokens[cue_index].lower in _PLAIN_SPEECH
        and _determined_noun(tokens, j - 1)
    ):
        return None
    i = j - 1
    while i > 0 and j - i < limit:
        prev = tokens[i - 1]
        if prev.text in QUOTE_MARKS or prev.text in ",;:()[]—–":
            break
        if not _word_like(prev):
            break
        low = prev.lower
        if low in _CLAUSE_WORDS and low not in _NP_INNER:
            break
        if low in SPEECH_VERBS and not prev.capitalized:
            break
        if low in {"what", "whom", "whose", "how", "why", "whatever"}:
            break
        if prev.text[:1].isdigit():
            i -= 1  # "60 percent said"
            continue
        if (
            not prev.capitalized
            and low not in _NP_INNER
            and not _nounish(prev)
            and not (i > 1 and (tokens[i - 2].lower in _MODIFIER_LEADS or (
                tokens[i - 2].capitalized and tokens[i - 2].lower.endswith(("ic", "an", "ish"))
            )) and prev.text.isalpha())  # "Democratic registered voters"
        ):
            break
        i -= 1
    if tokens[j - 1].text.endswith(("’s", "'s", "’")):
        return None  # a possessive is not a speaker: "Israel’s alleged role"
    found = _trim(tokens, i, j)
    if found is not None and found[0] > 2:
        relative = _relative_head(tokens, found[0], limit)
        if relative is not None:
            return (relative, j)  # "people who have battled online threats say"
    if plain and found is not None and found[0] > 0 and not _opens_clause(tokens[found[0] - 1]):
        return None  # "Democrats who watched the debate said": the phrase is an object
    return found


_RELATIVE_VERBS = words("has have had is was are were")


def _relative_head(tokens: list[Token], start: int, limit: int) -> int | None:
    """Where the phrase a relative clause describes starts, when the clause ends right
    before `start`: '[people] who have battled [online threats] say' -> people."""
    for w in range(start - 1, max(0, start - 7), -1):
        word = tokens[w]
        if not word.is_word or (word.lower in SPEECH_VERBS and not word.capitalized):
            return None
        if word.lower not in {"who", "that"}:
            continue
        verbs = tokens[w + 1 : start]
        if not verbs or not any(
            t.lower in _RELATIVE_VERBS or t.lower.endswith("ed") for t in verbs
        ):
            return None
        head = backward(tokens, w, limit)
        return head[0] if head is not None and head[1] == w else None
    return None


def _opens_clause(token: Token) -> bool:
    return token.text in QUOTE_MARKS or token.text in ",;:—–(" or token.lower in {
        "and", "but", "so", "yet", "then", "when", "because", "while", "as", "that", "after",
        "before", "since", "although", "though", "if",
    }


_DETERMINERS = words("the a an one another each every")
# Words after which an -ed or -ing word still modifies a noun: "both lobbying firms".
_MODIFIER_LEADS = words("the a an and of both all some many most these those his her their its")
_NOT_NOUNS = words("often now overall too again ago soon also still even already once")
# Verb forms that are never nouns: after them any noun phrase is a speaker ("the airline said").
_PLAIN_SPEECH = words(
    """
    said says told tells wrote writes added adds argued argues insisted insists explained
    explains warned warns shouted replied responded admitted acknowledged announced declared
    """
)


def _determined_noun(tokens: list[Token], k: int) -> bool:
    """'One California delegate said', 'the airline said': a plain lower-case noun right
    after a determiner (and at most two modifiers) can head a speaker too."""
    low = tokens[k].lower
    if not (low.isalpha() and len(low) > 2) or tokens[k].capitalized:
        return False
    if low in _NOT_HEADS or low in _NP_INNER or low.endswith(("ly", "ing", "ed")) or (
        low in _NOT_NOUNS
    ):
        return False
    for back in range(k - 1, max(-1, k - 4), -1):
        word = tokens[back].lower
        if word in _DETERMINERS:
            return True
        if not (tokens[back].is_word and (tokens[back].capitalized or _nounish(tokens[back]))):
            return False
    return False


_WEEKDAYS = words("monday tuesday wednesday thursday friday saturday sunday")


def _before_time_phrase(tokens: list[Token], j: int) -> int:
    """Where 'X on Tuesday said', 'X, on Tuesday, said' and 'X last week said' put X's end."""
    k = j
    if k > 1 and tokens[k - 1].text == "," and tokens[k - 2].lower in _WEEKDAYS:
        k -= 1  # the comma after a fenced time phrase
    if k > 0 and tokens[k - 1].lower in _WEEKDAYS:
        k -= 1
        if k > 0 and tokens[k - 1].lower == "on":
            k -= 1
    elif k > 1 and tokens[k - 1].lower in {"week", "month", "year"} and (
        tokens[k - 2].lower in {"last", "this"}
    ):
        k -= 2
    else:
        return j
    if k > 0 and tokens[k - 1].text == "," and tokens[j - 1].text == ",":
        k -= 1  # "X, on Tuesday, said"
    elif tokens[j - 1].text == ",":
        return j
    if k > 0 and (_word_like(tokens[k - 1]) or tokens[k - 1].text in ",)"):
        return k
    return j


# Words that may join a noun phrase to its modifiers: "a report on the costs of the plan".
_MODIFIER_WORDS = frozenset(
    words("of on in for at from about into over by with and the a an against during between")
)
_NOT_MODIFIERS = words(
    """
    who whose which whom what no not never me us him them you i we they he she it
    now even just still only
    """
)


def opening_subject(tokens: list[Token], cue_index: int) -> tuple[int, int] | None:
    """'The billionaire real estate magnate says ...': the noun phrase that opens the
    sentence and runs right up to the cue, when the walk back from the cue finds no
    speaker-like word ("magnate") to start from."""
    end = cue_index
    while end > 0 and skippable(tokens[end - 1]):
        end -= 1
    start = 0
    for k in range(1, end - 1):  # '“C,” the retired surgeon told ...': after the quote
        if (tokens[k].text in QUOTE_MARKS and tokens[k - 1].text == ",") or (
            tokens[k].text == "," and tokens[k - 1].text in QUOTE_MARKS
        ):
            start = k + 1
    while start < end and tokens[start].lower in _LEADING_DROP:
        start += 1
    if start < end and tokens[start].text == ",":
        start += 1
    if end - start < 2:
        return None
    found = forward(tokens, start)
    if found is None or found != (start, end):
        return None
    last = tokens[end - 1].lower
    if last.endswith(("’s", "'s", "’")) or last in _TIME_ADVERBS or last in _LEADING_DROP or (
        last in {"ago", "almost", "long", "include", "includes"} or last.endswith("ly")
    ):
        return None  # "The office now says": the phrase ran past its noun
    return found


def subject_phrase(tokens: list[Token], cue_index: int) -> tuple[int, int, int] | None:
    """'However, a new report on the costs of the plan claims that': the sentence's
    subject up to the cue, as (start, end, index of its head noun), or None.

    For a long subject the walk back from the cue stops early ("plan" is no speaker);
    this walks forward from the sentence start instead: a noun phrase whose head can
    speak ("report", a name), then prepositional modifiers only, with nothing that
    starts a clause, quotes or reports (so no other clause can hide inside it).
    """
    end = cue_index
    while end > 0 and skippable(tokens[end - 1]):
        end -= 1
    start = 0
    while start < end and tokens[start].lower in _LEADING_DROP:
        start += 1
    if start < end and tokens[start].text == ",":
        start += 1
    if not 3 <= end - start <= 20:
        return None
    base = forward(tokens, start)
    if base is None or base[0] != start or base[1] >= end:
        return None
    head = base[1] - 1
    if not (tokens[head].capitalized or tokens[head].lower in SOURCE_HEADS):
        return None
    for token in tokens[base[1] : end]:
        low = token.lower
        if not _word_like(token) or (low in _CLAUSE_WORDS and low not in _MODIFIER_WORDS):
            return None
        if low in _NOT_MODIFIERS or low.endswith(("n't", "n’t")) or (
            low.endswith("ly") and low not in _NOT_ADVERBS
        ):
            return None
        if low in SPEECH_VERBS and not token.capitalized:
            return None
    last = tokens[end - 1].lower
    if last in _MODIFIER_WORDS or last.endswith(("’s", "'s", "’")):
        return None  # "rose over claims that", "seized on Lee's claim that": a noun here
    return (start, end, head)


# Words that end a speaker named after an inverted cue: "said X when asked", "said X as".
_AFTER_SPEAKER_STOPS = words(
    """
    that because when while if as after before since although though so where whether
    than until unless is was are were has have had will would can could should may might
    must not never did does do
    """
)
_SPEAKER_OPENERS = words(
    """
    the a an one two three four five six several some many another his her their its our
    """
)


def after_inverted_cue(tokens: list[Token], start: int, limit: int = 12) -> tuple[int, int] | None:
    """'“C,” said Montclair State political scientist Ann Ruiz.': the speaker after an
    inverted cue, taken to the clause end (the next comma, dash, quote or full stop) when
    `forward` stops inside a lower-case description ("political scientist")."""
    if start >= len(tokens):
        return None
    first = tokens[start]
    if not (first.capitalized or first.lower in _SPEAKER_OPENERS or first.text[:1].isdigit()):
        return None
    end = start
    while end < len(tokens) and end - start <= limit:
        token = tokens[end]
        if token.text in QUOTE_MARKS or token.text in {",", ".", ";", ":", "—", "–", "!", "?"}:
            break
        if not (_word_like(token) or token.text in {"(", ")", "-"}):
            return None
        low = token.lower
        if low in _AFTER_SPEAKER_STOPS or (low in SPEECH_VERBS and not token.capitalized):
            return None
        end += 1
    if end == start or end - start > limit:
        return None
    return (start, end)


def sentence_subject(
    tokens: list[Token], before: int, fronted: bool = True
) -> tuple[int, int] | None:
    """The subject of the sentence's main clause, ending before tokens[before].

    The first noun phrase, or (with `fronted`) when the sentence opens on an adverbial
    ("At a rally in Ames, Iowa, on Sunday, Mrs. Clinton tried ..."), the first phrase
    after a comma that a verb follows."""
    subject = forward(tokens, 0, limit=8)
    if subject is not None or not fronted:
        return subject if subject is not None and subject[1] < before else None
    for comma in range(1, min(before, 30)):
        if tokens[comma].text != ",":
            continue
        found = forward(tokens, comma + 1, limit=8)
        if found is None or found[1] >= before:
            continue
        last = tokens[found[1] - 1]
        if last.text.endswith(("’s", "'s", "’")) or last.lower in {"’s", "'s", "who", "which"}:
            continue  # "Mr. Lee's plan", a relative clause: not the subject
        nxt = tokens[found[1]]
        if nxt.is_word and not nxt.capitalized and nxt.lower not in _CLAUSE_WORDS - {
            "has", "have", "had", "is", "was", "are", "were", "will", "would", "also"
        }:
            return found
    return None


def _nounish(token: Token) -> bool:
    """A lower-case word that could sit inside a source phrase (titles, nouns)."""
    low = token.lower
    for suffix in ("’s", "'s", "’"):
        low = low.removesuffix(suffix)
    low = low.replace("-", "")
    if low in TITLES or low in ANONYMOUS_NOUNS:
        return True
    if low.endswith(("ly", "ing", "ed")):
        return False
    return low.isalpha() and len(low) > 2 and low not in _CLAUSE_WORDS


def _appositive_back(tokens: list[Token], comma: int, limit: int) -> tuple[int, int] | None:
    """'X, a spokesman for Y, said' and 'X, who ..., said': the phrase before the commas."""
    k = comma - 1
    while k > 0 and tokens[k].text != "," and comma - k < 26:
        if tokens[k].text in QUOTE_MARKS or tokens[k].text in ";:":
            return None
        if tokens[k].text == "." and tokens[k].start != tokens[k - 1].end:
            return None  # a full stop, not the point of "R-Ky."
        k -= 1
    if k <= 0 or tokens[k].text != ",":
        return None
    inner = tokens[k + 1 : comma]
    if not inner:
        return None
    first = inner[0].lower
    head = backward(tokens, k, limit)
    if head is None and inner[0].capitalized and inner[-1].capitalized:
        head = _opening_description(tokens, k)  # "Another ally, Tom Vilsack, told"
        if head is not None:
            return (head[0], comma + 1)
    if head is None:
        return None
    if head[1] - head[0] == 1 and tokens[head[0]].text.isdigit() and head[0] > 1 and (
        tokens[head[0] - 1].text == ","
    ):
        named = backward(tokens, head[0] - 1, limit)  # "Ann Ruiz, 31, a photographer, said"
        if named is not None:
            return (named[0], comma + 1)
    if first in {"who", "which", "whose", "whom"}:
        return head  # the speaker is the phrase the relative clause describes
    if len(inner) == 1 and first in CONNECTIVES:
        return head  # "X, however, said"
    if first in {"including", "like", "such", "especially", "notably", "among"} and not any(
        t.lower in SPEECH_VERBS for t in inner
    ):
        return (head[0], comma + 1)  # "Six papers, including the Press, said" (comma kept)
    if first in {"in", "at", "on", "during", "speaking", "writing", "asked", "appearing",
                 "seen", "obtained", "reviewed", "released", "published", "posted", "led",
                 "joined", "flanked", "accompanied"}:
        return head  # "X, in her dissent, said"
    if first in {"also", "himself", "herself"} and len(inner) > 1:
        first = inner[1].lower  # "X, also a candidate, said"
    determiner = first in {"a", "an", "the", "his", "her", "their", "its", "one", "another"} or (
        first == "of" and len(inner) > 1 and inner[1].capitalized  # "X, of RBC Markets, said"
    )
    titled = any(t.lower in TITLES or t.lower in SOURCE_HEADS for t in inner)
    if determiner or inner[0].capitalized or titled or inner[0].text[:1].isdigit():
        if not determiner and any(t.lower in _CLAUSE_WORDS - _NP_INNER for t in inner[1:]):
            return None
        return (head[0], comma + 1)  # "X, a spokesman for Y," (PolNeAR keeps the comma)
    return None


def _dashed_back(tokens: list[Token], dash: int, limit: int) -> tuple[int, int] | None:
    """'Many speakers — including Muslims and Jews — said': the phrase before the dashes,
    with the aside (PolNeAR keeps the closing dash)."""
    k = dash - 1
    while k > 0 and tokens[k].text != tokens[dash].text and dash - k < 20:
        if tokens[k].text in QUOTE_MARKS or tokens[k].text in ";:" or (
            tokens[k].lower in SPEECH_VERBS and not tokens[k].capitalized
        ):
            return None
        k -= 1
    if k <= 0 or tokens[k].text != tokens[dash].text or dash - k < 2:
        return None
    head = backward(tokens, k, limit)
    if head is None:
        return None
    return (head[0], dash + 1)


def _opening_description(tokens: list[Token], comma: int) -> tuple[int, int] | None:
    """'One delegate not on the slate, Kelly Ruiz, told': the description opening the
    sentence before a name in commas, when it holds no verb."""
    start = 0
    while start < comma and tokens[start].lower in _LEADING_DROP | {"and", "but"}:
        start += 1
    if not 2 <= comma - start <= 10:
        return None
    for token in tokens[start:comma]:
        low = token.lower
        if not _word_like(token) or (low in SPEECH_VERBS and not token.capitalized):
            return None
        if low in _CLAUSE_WORDS and low not in _MODIFIER_WORDS and low != "not":
            return None
    if not (tokens[comma - 1].capitalized or _nounish(tokens[comma - 1])):
        return None
    return (start, comma)


def _trim(tokens: list[Token], i: int, j: int) -> tuple[int, int] | None:
    while i < j and (tokens[i].lower in _LEADING_DROP or tokens[i].lower in {"and", "but"}):
        i += 1
    # "..., which 21 percent said", "who many feel": the relative word is not the speaker
    if j - i > 1 and tokens[i].lower in {"which", "who", "whom", "that"} and (
        tokens[i + 1].lower not in _TIME_LEAD and tokens[i + 1].lower not in _CLAUSE_WORDS
    ):
        i += 1
    # "On Monday Trump said", "Last week the minister said"
    if i < j and tokens[i].lower in _TIME_LEAD:
        k = i + 1
        timed = False
        while k < j and (tokens[k].lower in _TIME_WORDS or tokens[k].text[:1].isdigit()
                         or tokens[k].lower in {"the", "a", "last", "this"}):
            timed = timed or tokens[k].lower in _TIME_WORDS or tokens[k].text[:1].isdigit()
            k += 1
        if timed:
            i = k
    while i < j and tokens[i].lower in {"of", "for", "to", "at", "on", "in", "from", "and"}:
        i += 1
    while j > i and tokens[j - 1].lower in {"of", "for", "to", "at", "on", "in", "from", "and",
                                             "the", "a", "an"}:
        j -= 1
    if i >= j:
        return None
    if j - i == 1 and tokens[i].lower in {"the", "a", "an", "it's", "there"}:
        return None
    return (i, j)


def forward(tokens: list[Token], start: int, limit: int = 14) -> tuple[int, int] | None:
    """Token range of the phrase starting at tokens[start] ('said Sen. X (D-Y.), a ...')."""
    if start >= len(tokens):
        return None
    first = tokens[start]
    if first.lower in PRONOUNS and first.lower not in {"that", "which", "this", "who", "one"}:
        return (start, start + 1)
    if first.lower in {"me", "us", "him", "her", "them"} and (
        start + 1 >= len(tokens) or not tokens[start + 1].is_word
        or tokens[start + 1].lower in _CLAUSE_WORDS
    ):
        return (start, start + 1)  # "told me", "told them that"
    if not _word_like(first) or (first.lower in _CLAUSE_WORDS and first.lower not in _NP_INNER):
        return None
    j = start
    while j < len(tokens) and j - start < limit:
        token = tokens[j]
        low = token.lower
        if token.text == "(":
            k = j + 1
            while k < len(tokens) and tokens[k].text != ")" and k - j < 8:
                k += 1
            if k < len(tokens) and tokens[k].text == ")":
                j = k + 1
                continue
            break
        if not _word_like(token):
            break
        if low in _CLAUSE_WORDS and low not in {"of", "for", "and", "the", "a", "an"}:
            break
        if low in {"and"} and j + 1 < len(tokens) and not tokens[j + 1].capitalized:
            break
        if j > start and (low in _TIME_WORDS or low in _TIME_ADVERBS):
            break  # "said Priebus later Thursday"
        if (
            j > start
            and not token.capitalized
            and tokens[j - 1].capitalized
            and tokens[j - 1].lower not in {"the", "a", "an"}
            and low not in _NP_INNER
            and low not in TITLES
            and low not in SOURCE_HEADS
            and low not in ANONYMOUS_NOUNS
            and not token.text[:1].isdigit()
        ):
            break  # "Trump took a risk": a verb after the name
        if (
            not token.capitalized
            and low not in _NP_INNER
            and not _nounish(token)
            and not (token.text[:1].isdigit() and j > start and tokens[j - 1].capitalized)
            and not (
                j > start
                and tokens[j - 1].lower in {"a", "an", "the"}
                and j + 1 < len(tokens)
                and tokens[j + 1].is_word
                and low.endswith("ing")
            )
        ):
            break
        j += 1
    if j < len(tokens) and tokens[j].text == "," and j + 1 < len(tokens):
        # "said Dan Conston, a senior adviser to the group."
        nxt = tokens[j + 1].lower
        if nxt in {"a", "an", "the", "who"}:
            k = j + 1
            while k < len(tokens) and tokens[k].text not in {",", ".", ";", ":"} and k - j < 16:
                if tokens[k].text in QUOTE_MARKS:
                    break
                k += 1
            if k < len(tokens) and tokens[k].text in {".", ","} and nxt != "who":
                j = k
    return _trim(tokens, start, j)


def trimmed(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """`span` without trailing punctuation: PolNeAR's source "X, a spokesman for Y," keeps
    the comma that closes the appositive, a claimant shown to a reader does not."""
    start, end = span
    while end > start and (text[end - 1] in ",;:—–" or text[end - 1].isspace()):
        end -= 1
    return (start, end) if end > start else span


_HEAD_SPLIT = re.compile(r",|\s(?:who|which|whose)\s")


def classify(source: str) -> SourceType:
    """The kind of source a phrase names, judged on its head ("X" in "X, a ... who ...")."""
    head = _HEAD_SPLIT.split(source.strip(" ,"), maxsplit=1)
    kind = _classify(head[0])
    if kind is SourceType.UNKNOWN and len(head) > 1:
        kind = _classify(head[1])
    return kind


def _phrases(phrases: Iterable[str]) -> re.Pattern[str]:
    """One pattern matching any of `phrases` as whole words."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    return re.compile(r"(?<![a-z])(?:" + "|".join(map(re.escape, ordered)) + r")(?![a-z])")


_MAJOR_OUTLETS = _phrases(OUTLETS[:60])
_ANY_OUTLET = _phrases(OUTLETS)
_DOCUMENTS = _phrases(DOCUMENT_WORDS)
_ORGANIZATIONS = _phrases(ORGANIZATION_WORDS)
_STORIES = _phrases(("article", "story"))


@lru_cache(maxsize=4096)
def _classify(source: str) -> SourceType:
    low = source.lower().strip(" ,")
    words = re.findall(r"[a-z0-9][a-z0-9’'\-\.]*", low)
    if not words:
        return SourceType.UNKNOWN
    if len(words) == 1 and words[0] in PRONOUNS:
        return SourceType.PRONOUN
    if _ANON.search(source) and not _has_name(source):
        return SourceType.ANONYMOUS
    if words[0] in _VAGUE_HEADS and len(words) <= 3:
        return SourceType.ANONYMOUS  # "critics", "some experts": nobody in particular
    if _MAJOR_OUTLETS.search(low) and not _has_title(words):
        head = words[-1]
        if head in {"report", "article", "story", "analysis", "investigation"} or not (
            _DOCUMENTS.search(low)
        ):
            return SourceType.OUTLET
    if _DOCUMENTS.search(low) and words[-1] not in TITLES:
        return SourceType.OUTLET if _STORIES.search(low) else SourceType.DOCUMENT
    if _has_title(words) or _has_name(source):
        if _has_name(source) or any(w in {"mr.", "mrs.", "ms.", "dr."} for w in words):
            return SourceType.NAMED
        if words[-1] in ANONYMOUS_NOUNS or words[0] in {"a", "an", "one"}:
            return SourceType.ANONYMOUS
        return SourceType.NAMED
    if _ORGANIZATIONS.search(low):
        return SourceType.ORGANIZATION
    if _ANY_OUTLET.search(low):
        return SourceType.OUTLET
    if source[:1].isupper() and all(w[:1].isalpha() for w in words):
        return SourceType.NAMED
    return SourceType.UNKNOWN


def _has_title(words: list[str]) -> bool:
    return any(w in TITLES for w in words)


def _has_name(source: str) -> bool:
    """Two capitalised words in a row that are not titles or institutions: a person."""
    run = 0
    for word in re.findall(r"[A-Za-z][A-Za-z’'\-\.]*", source):
        low = word.lower()
        if (
            _NAME.match(word)
            and low not in TITLES
            and not any(low == o for o in ORGANIZATION_WORDS)
            and low not in {"the", "israeli", "american", "us", "u.s.", "iranian", "british"}
        ):
            run += 1
            if run >= 2:
                return True
        else:
            run = 0
    return False
