"""The offline analyzer: an article to an `Analysis`, on spaCy's dependency parse.

Deterministic and local (no network, no key), so it is the default when no model is
configured and the baseline a model is measured against. It reads English: an article
in another language is refused with a message that names the way out (a model). Its
`prompt_hash` covers this package's files and the parser model's name and version, so
cached answers made by other rules or another parser are not served.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
from functools import cache
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from bot.analyzers.rules import attributions as attribution_rules
from bot.analyzers.rules import claims as claim_rules
from bot.analyzers.rules import flags as flag_rules
from bot.analyzers.rules import responses as response_rules
from bot.analyzers.rules.attribution_record import Found
from bot.analyzers.rules.own_outlet import SITE_KEY, site_names
from bot.analyzers.rules.people import describe
from bot.analyzers.rules.pipeline import DEFAULT_MODEL, load_pipeline
from bot.analyzers.rules.response_record import OutletReports
from bot.analyzers.rules.source_kinds import classify
from bot.analyzers.rules.spans import Offsets, sentence, sentences
from bot.analyzers.rules.statements import statement
from bot.analyzers.rules.summary import summarize
from bot.errors import UnsupportedLanguageError
from bot.ingest.pasted import split_date_line
from bot.language import detect
from bot.models import (
    Analysis,
    Article,
    Attribution,
    Claim,
    Denial,
    Engine,
    Flag,
    FlagKind,
    SourceType,
    Span,
)

VERSION = "2"
READS = "en"
MIN_CONFIDENCE = 0.9  # below this the language is not certain enough to refuse the article
MIN_LETTERS = 200  # shorter texts are refused only when plainly in another language
SHORT_CONFIDENCE = 0.8  # a short text: the detector's confidence it is not English, and
SHORT_STOP_SHARE = 0.15  # at most this share of its words are English function words
SHORT_WORDS = 5  # fewer words than this are tried whatever the detector says


def hash_files(directory: Path) -> str:
    """sha256 (first 16 hex digits) of the rule files under `directory`, in name order."""
    digest = hashlib.sha256()
    for path in sorted(directory.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".txt", ".json"}:
            digest.update(path.relative_to(directory).as_posix().encode())
            digest.update(b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@cache
def rules_hash() -> str:
    """The hash of this package's own files: it changes whenever a rule or word list does."""
    return hash_files(Path(__file__).resolve().parent)


class RulesAnalyzer:
    """Reads an article with rules on a parse: same answer every time, no network."""

    name = "rules"

    def __init__(self, pipeline: str = DEFAULT_MODEL) -> None:
        self.pipeline_name = pipeline

    @property
    def model(self) -> str:
        return f"rules-{VERSION}+{self.pipeline_name}"

    @property
    def prompt_hash(self) -> str:
        return rules_hash()

    def nlp(self) -> Language:
        return load_pipeline(self.pipeline_name)

    async def analyze(self, article: Article) -> Analysis:
        return await asyncio.to_thread(self.analyze_sync, article)

    def analyze_sync(self, article: Article) -> Analysis:
        """The whole analysis of `article`; every span is an exact slice of its text."""
        _require_english(article.text)
        nlp = self.nlp()
        return build(nlp, nlp(_without_metadata(article.text)), article, self.model)


def _without_metadata(text: str) -> str:
    """The text with a leading metadata line (" date 2021-05-08 …") blanked out, so that
    no quote includes it; blanks keep every offset where it was."""
    _, body = split_date_line(text)
    cut = len(text) - len(body)
    return " " * cut + body if cut else text


def _require_english(text: str) -> None:
    letters = sum(c.isalpha() for c in text[:5000])
    found = detect(text)
    sure = (_plainly_foreign(text, found.confidence) if letters < MIN_LETTERS
            else found.confidence >= MIN_CONFIDENCE)
    if found.code != READS and sure:
        raise UnsupportedLanguageError(
            f"This article seems to be in {_language_name(found.code)}; the offline engine "
            "reads English only, so it cannot say what needs checking here. Configure a "
            "model (FACTDESK_LLM_MODEL, see docs/settings.md) to check articles in other "
            "languages."
        )


def _plainly_foreign(text: str, confidence: float) -> bool:
    """A short text the detector alone cannot settle (short English gets low confidence):
    foreign when the detector is fairly sure and hardly any word is an English function
    word ("Le ministre a démenti toute implication": 1 of 8). On the 7,961 ClaimBuster
    train sentences of five words or more, this refuses none."""
    words = WORD.findall(text.lower())
    if len(words) < SHORT_WORDS or confidence < SHORT_CONFIDENCE:
        return False
    return sum(w in STOP_WORDS for w in words) / len(words) < SHORT_STOP_SHARE


WORD = re.compile(r"[^\W\d_]+")


def _language_name(code: str) -> str:
    names = {"fr": "French", "de": "German", "es": "Spanish", "it": "Italian",
             "pt": "Portuguese", "nl": "Dutch", "ru": "Russian", "ar": "Arabic",
             "zh": "Chinese", "ja": "Japanese", "tr": "Turkish", "pl": "Polish",
             "uk": "Ukrainian", "he": "Hebrew", "fa": "Persian", "hi": "Hindi",
             "ko": "Korean", "sv": "Swedish", "da": "Danish", "no": "Norwegian",
             "fi": "Finnish", "el": "Greek", "ro": "Romanian", "cs": "Czech"}
    return names.get(code, f"another language ({code})")


def build(nlp: Language, doc: Doc, article: Article, model: str) -> Analysis:
    text = article.text
    doc.user_data[SITE_KEY] = site_names(article.site)  # a page's own outlet, by its names
    every = attribution_rules.find(doc)
    # the detectors read the attributions the rules found; those only the cue model knows
    # are listed as attributions but carry no flag, answer or claim of their own
    found: list[Found] = []
    in_every: dict[int, int] = {}  # index in `found` -> index in `every`
    for position, item in enumerate(every):
        if not item.learned:
            in_every[len(found)] = position
            found.append(item)
    flags = flag_rules.find(nlp, doc, found)
    relayed_reports = [f for f in flags if f.kind is FlagKind.SECONDARY_REPORT and f.relayed]
    # an answer another outlet's report carries is relayed ("X has denied it, the Tribune
    # reported"); one given to an outlet ("told the Ledger") stays first-hand: the outlet
    # may be the article's own
    reported = OutletReports(
        phrases=tuple(f.quote for f in relayed_reports),
        stretches=tuple(found[f.attribution].content for f in relayed_reports
                        if f.attribution is not None))
    responses = response_rules.find(doc, found, reported)
    every_sentence = sentences(doc)
    hedged = {_sentence_start(doc, f.quote) for f in flags if f.kind is FlagKind.HEDGED}
    answers_only = {r.anchor.i for r in responses}
    answering = {sentence(r.anchor).start_char for r in responses}
    claims = claim_rules.find(every_sentence, found, answers_only, answering, hedged)
    attribution_ids = {index: f"a{in_every[index] + 1}" for index in range(len(found))}
    claim_ids = [f"c{n}" for n in range(1, len(claims) + 1)]
    claim_by_sentence = {c.sentence.start_char: cid for c, cid in zip(claims, claim_ids,
                                                                        strict=True)}
    by_cue = {f.cue_token.i: index for index, f in enumerate(found)}

    def span(offsets: Offsets) -> Span:
        return Span(text=text[offsets[0] : offsets[1]], start=offsets[0], end=offsets[1])

    claim_lemmas = [_lemmas(c.sentence) for c in claims] if responses else []
    denials = []
    for n, response in enumerate(responses, start=1):
        who = describe(response.by)
        index = by_cue.get(response.anchor.i)
        denials.append(Denial(
            id=f"d{n}", by=who.by, role=who.role, organization=who.organization,
            official=who.official, kind=response.kind, quote=span(response.quote),
            venue=response.venue, firsthand=response.firsthand,
            answers=_answers(sentence(response.anchor), claims, claim_ids, claim_lemmas),
            attribution=attribution_ids[index] if index is not None else None,
        ))
    relayed = [r.quote for r in responses if not r.firsthand]
    flags = [f for f in flags if not (f.kind is FlagKind.HEDGED and any(
        start < f.quote[1] and f.quote[0] < end for start, end in relayed))]
    flag_items = [
        Flag(id=f"f{n}", kind=flag.kind, quote=span(flag.quote),
             claim=claim_by_sentence.get(_sentence_start(doc, flag.quote)),
             attribution=attribution_ids.get(flag.attribution)
             if flag.attribution is not None else None, why=flag.why)
        for n, flag in enumerate(flags, start=1)
    ]
    for response in responses:
        if not response.firsthand:
            flag_items.append(Flag(
                id=f"f{len(flag_items) + 1}", kind=FlagKind.REPORTED_DENIAL,
                quote=span(response.quote),
                claim=claim_by_sentence.get(sentence(response.anchor).start_char),
                why="the answer itself is only reported: find it first-hand"))
    return Analysis(
        article=article.meta(),
        summary=summarize(every_sentence, [sentence(r.anchor).start_char for r in responses],
                          title=article.title,
                          attributed_starts={f.sentence.start_char for f in found if f.speech}),
        attributions=[
            Attribution(
                id=f"a{index + 1}",
                source=span(_mention_span(item)) if item.source else None,
                cue=span(item.cue), content=span(item.content),
                source_type=classify(item.source) if item.source else SourceType.UNKNOWN,
            )
            for index, item in enumerate(every)
        ],
        claims=[
            Claim(id=cid, statement=statement(doc, c.quote),
                  quote=span(c.quote), claimant=c.claimant,
                  attribution=attribution_ids[c.attribution]
                  if c.attribution is not None else None,
                  sourcing=c.sourcing, checkworthy=c.checkworthy)
            for cid, c in zip(claim_ids, claims, strict=True)
        ],
        denials=denials,
        flags=flag_items,
        engine=Engine(analyzer=RulesAnalyzer.name, model=model, prompt_hash=rules_hash()),
    )


def _sentence_start(doc: Doc, offsets: Offsets) -> int:
    """Where the sentence holding `offsets` starts."""
    span = doc.char_span(offsets[0], offsets[1], alignment_mode="expand")
    return sentence(span[0]).start_char if span is not None else offsets[0]


def _mention_span(item: Found) -> Offsets:
    assert item.source is not None
    first, last = item.source.tokens[0], item.source.tokens[-1]
    return first.idx, last.idx + len(last.text)


def _answers(sentence: SpacySpan, claims: list[claim_rules.FoundClaim],
             claim_ids: list[str], claim_lemmas: list[set[str]]) -> list[str]:
    """Claims a response answers: earlier claims sharing two or more content lemmas
    (`claim_lemmas`: each claim's, built once for all the responses)."""
    own = _lemmas(sentence)
    return [cid for claim, cid, theirs in zip(claims, claim_ids, claim_lemmas, strict=True)
            if claim.sentence.start_char < sentence.start_char and len(own & theirs) >= 2]


def _lemmas(sentence: SpacySpan) -> set[str]:
    return {t.lemma_.lower() for t in sentence if t.is_alpha and not t.is_stop and len(t) > 3}
