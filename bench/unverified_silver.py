"""Silver recall of the unverified flags on PolNeAR: the share of gold sources a reader cannot
check that a flag covers.

PolNeAR annotates every attribution's Source, Cue and Content, whoever the source is. This
bench picks the gold sources that should be flagged by a simple criterion read off the
source span and the parse alone (never the engine's own classification of a source):

- outlet: the span names a news outlet from OUTLETS below, or its head is a media noun
  ("the newspaper", "reports", "news reports"); no person named in it.
- document: its head is a document or data noun (DOCUMENTS below) and no proper noun or
  named entity is in the span ("a memo", "polls", "internal emails", "records").
- unnamed_person: a singular person noun with an indefinite determiner ("a senior
  official", "one aide", "a source familiar with"), or any span with no proper noun whose
  head is a plural noun with a number ("two officials"), or words of anonymity
  ("familiar", "anonymity", "briefed").
- collective: a plural noun head with no proper noun in the span and no definite
  determiner or possessive ("critics", "many voters", "some in the party", "experts");
  also a quantifier pronoun with a modifier ("many in the party", "those who").
- quantified_group: a plural group name with "some/many/most/several/few/other" ("some
  Democrats", "many Republicans").

Only attributions whose cue is a report, a claim or a view (a lemma of the cue in CUES
below: "said", "told", "according to", "reported", "believe", "show"): PolNeAR also marks
who supported, voted for or backed whom, which no fact-checker needs flagged. Excluded:
the article's own outlet (its file name's first word), pronouns, any span with a proper
noun or named entity (beyond the cases above), definite or possessed phrases ("the
official", "the campaign", "his aides": they point back to someone the article has
introduced), and sources PolNeAR leaves empty.

A gold source counts as covered when one of the six guideline-kind flags quotes words
overlapping its source or cue span. The parse is the analyzer's own, run once per article.

    .venv/bin/python bench/unverified_silver.py --limit 200 --misses 40
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from spacy.tokens import Doc, Span, Token  # noqa: E402

from bot.analyzers.rules import RulesAnalyzer  # noqa: E402
from bot.analyzers.rules.analyzer import build  # noqa: E402
from bot.evaluation.polnear import GoldArticle, load_split  # noqa: E402
from bot.evaluation.running import text_article  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "polnear"
UNVERIFIED = {"anonymous_source", "vague_source", "unnamed_document", "secondary_report",
              "hedged", "unknown_admitted"}

OUTLETS = {"times", "post", "cnn", "reuters", "ap", "bloomberg", "politico", "msnbc", "fox",
           "nbc", "abc", "cbs", "npr", "journal", "breitbart", "axios", "guardian", "bbc",
           "buzzfeed", "newsweek", "herald", "tribune", "globe", "telegraph", "hill",
           "huffington", "mcclatchy", "salon", "slate", "atlantic", "daily", "gazette",
           "politifact", "factcheck.org", "yorker", "intercept", "vox", "mediaite",
           "examiner", "beast", "newsmax", "cnbc", "usa", "observer", "chronicle",
           "inquirer", "register", "sun", "mail", "express", "bustle", "recode", "wsj",
           "nyt"}
MEDIA = {"newspaper", "outlet", "magazine", "network", "station", "broadcaster", "tabloid",
         "publication", "website", "blog", "channel", "media", "press", "reporting",
         "reporter", "journalist", "correspondent", "columnist", "editorial", "story",
         "article"}
DOCUMENTS = {"document", "memo", "memorandum", "email", "e-mail", "letter", "record",
             "report", "filing", "poll", "survey", "study", "data", "datum", "analysis",
             "figure", "statistic", "transcript", "cable", "note", "draft", "file", "audit",
             "assessment", "review", "paper", "message", "text", "estimate", "projection",
             "research", "polling", "numbers", "number", "finding", "chart", "tally",
             "count", "census", "log", "minute", "material", "documentation", "complaint",
             "lawsuit", "indictment", "warrant", "affidavit", "dossier", "video",
             "footage", "recording", "tape", "photo", "investigation", "inquiry", "forecast"}
CUES = {"say", "tell", "report", "claim", "argue", "write", "state", "add", "note", "show",
        "suggest", "find", "indicate", "reveal", "accord", "according", "believe", "think",
        "warn", "insist", "allege", "accuse", "predict", "expect", "estimate", "fear",
        "worry", "suspect", "contend", "maintain", "assert", "acknowledge", "admit",
        "confirm", "deny", "describe", "call", "tweet", "announce", "explain", "observe",
        "point", "criticize", "complain", "question", "doubt", "conclude", "quote", "cite",
        "publish", "charge", "speculate", "concede", "agree", "disagree", "recall",
        "blame", "praise", "dismiss", "see", "view", "consider", "feel", "express", "voice",
        "raise", "ask", "reply", "respond", "testify", "disclose", "detail",
        "credit", "fault", "decry", "condemn", "urge", "caution", "emphasize",
        "stress", "surmise", "told", "put", "wonder"}
LOOSE = {"some", "many", "most", "several", "few", "other", "others", "various", "numerous",
         "those", "much", "all"}
DEFINITE = {"the", "this", "that", "these", "those", "his", "her", "its", "their", "our",
            "my", "your"}
INFORMED = {"familiar", "anonymity", "anonymously", "briefed", "knowledgeable", "insider",
            "insiders"}
ENTITIES = {"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "WORK_OF_ART", "LAW", "EVENT",
            "PRODUCT"}


def kind_of(span: Span) -> str | None:
    """The silver kind of a gold source span (module doc), or None when not selected."""
    head = span.root
    words = [t for t in span if not t.is_punct]
    lowers = {t.lower_.strip(".") for t in words}
    lemma = head.lemma_.lower()
    named = [t for t in words if t.pos_ == "PROPN" or t.ent_type_ in ENTITIES or (
        t.is_title and not t.is_sent_start and t.i != span.start)]  # "Sanders" tagged NNS
    if any(t.ent_type_ == "PERSON" for t in words):
        return None
    if lowers & OUTLETS and any(t.pos_ == "PROPN" for t in words if t.lower_ in OUTLETS):
        return "outlet"
    if lemma in MEDIA and head.pos_ == "NOUN" and not named:
        return "outlet"
    if lemma in {"report", "reporting"} and head.tag_ == "NNS" and not named:
        return "outlet"  # "reports say"
    determiners = {c.lower_ for c in head.children if c.dep_ in {"det", "poss"}}
    definite = bool(determiners & DEFINITE) or any(c.dep_ == "poss" for c in head.children)
    if head.pos_ == "PRON" or (head.pos_ == "DET" and head.lower_ not in LOOSE):
        if head.lower_ in LOOSE and any(c.dep_ in {"prep", "relcl", "acl", "amod"}
                                        for c in head.children):
            return "collective"  # "many in the party", "those who attended"
        return None
    if lemma in DOCUMENTS and head.pos_ in {"NOUN", "PROPN"} and not named and not definite:
        return "document"
    plural = head.tag_ in {"NNS", "NNPS"}
    quantified = bool({c.lower_ for c in head.children} & LOOSE)
    if plural and quantified and (head.ent_type_ == "NORP" or head.pos_ == "PROPN"):
        return "quantified_group"  # "some Democrats"
    if named:
        return None
    if lowers & INFORMED:
        return "unnamed_person"
    if head.pos_ != "NOUN" or definite:
        return None
    if plural and any(c.dep_ == "nummod" for c in head.children):
        return "unnamed_person"  # "two officials"
    if plural:
        return "collective"
    if determiners & {"a", "an", "another"} or any(c.lower_ == "one" for c in head.children):
        return "unnamed_person"
    return None


def covered(span: tuple[int, int], cue: tuple[int, int], flags: list[tuple[int, int]]) -> bool:
    return any(a < max(span[1], cue[1]) and min(span[0], cue[0]) < b and (
        (a < span[1] and span[0] < b) or (a < cue[1] and cue[0] < b)) for a, b in flags)


def bounds(fragments: tuple[tuple[int, int], ...]) -> tuple[int, int]:
    return min(a for a, _ in fragments), max(b for _, b in fragments)


def sentence_of(doc: Doc, start: int) -> str:
    token: Token | None = next((t for t in doc if t.idx >= start), None)
    if token is None:
        return ""
    return " ".join(token.sent.text.split())[:220]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="train", choices=["train", "dev"])
    parser.add_argument("--data", type=Path, default=DATA, help="the polnear folder")
    parser.add_argument("--limit", type=int, default=0, help="first N articles (0: all)")
    parser.add_argument("--offset", type=int, default=0, help="skip the first N articles")
    parser.add_argument("--misses", type=int, default=25, help="sample of misses to list")
    parser.add_argument("--kind", default="", help="list misses of this silver kind only")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    split_dir = args.data / args.split
    if not split_dir.is_dir():
        print(f"skipped: PolNeAR not found at {split_dir}")
        return 0
    golds: list[GoldArticle] = load_split(split_dir)[args.offset:]
    if args.limit:
        golds = golds[: args.limit]
    analyzer = RulesAnalyzer()
    nlp = analyzer.nlp()
    total: Counter[str] = Counter()
    hits: Counter[str] = Counter()
    misses: list[tuple[str, str, str, str]] = []
    started = time.perf_counter()
    for gold in golds:
        doc = nlp(gold.text)
        analysis = build(nlp, doc, text_article(gold.text), analyzer.model)
        flags = [(f.quote.start, f.quote.end) for f in analysis.flags
                 if f.kind.value in UNVERIFIED]
        for attribution in gold.attributions:
            if attribution.source is None:
                continue
            start, end = bounds(attribution.source)
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None or not len(span):
                continue
            cue_span = doc.char_span(*bounds(attribution.cue), alignment_mode="expand")
            if cue_span is None or not any(t.lemma_.lower() in CUES or t.lower_ in CUES
                                           for t in cue_span):
                continue
            kind = kind_of(span)
            if kind == "outlet" and gold.name.split("_")[0] in span.text.lower().replace(
                    " ", ""):
                continue  # the article's own outlet
            if kind is None:
                continue
            total[kind] += 1
            if covered((start, end), bounds(attribution.cue), flags):
                hits[kind] += 1
            else:
                cue = gold.text[slice(*bounds(attribution.cue))]
                misses.append((kind, gold.name, f"{span.text} | {cue}",
                               sentence_of(doc, start)))
    seconds = time.perf_counter() - started
    print(f"PolNeAR {args.split}: {len(golds)} articles ({seconds:.0f}s); silver sources that "
          "should be flagged, and the share a flag covers")
    print(f"{'kind':<18} {'gold':>5} {'found':>5} {'R':>6}")
    for kind in sorted(total, key=lambda k: -total[k]):
        print(f"{kind:<18} {total[kind]:>5} {hits[kind]:>5} {100 * hits[kind] / total[kind]:5.1f}%")
    all_total, all_hits = sum(total.values()), sum(hits.values())
    if all_total:
        print(f"{'all':<18} {all_total:>5} {all_hits:>5} {100 * all_hits / all_total:5.1f}%")
    shown = [m for m in misses if not args.kind or m[0] == args.kind]
    random.Random(args.seed).shuffle(shown)
    if args.misses and shown:
        print(f"\nmisses (a sample of {min(args.misses, len(shown))} of {len(shown)}):")
        for kind, name, words, sent in shown[: args.misses]:
            print(f"- [{kind}] {name[:40]}: {words}\n    {sent}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
