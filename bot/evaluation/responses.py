"""Score an analyzer's official responses and unverified attributions against the team's labels.

Labels are `<shared>/data/responses/<split>.json`, written to its GUIDELINES.md; the
articles are `<shared>/data/polnear/<split>/text/<name>`. Scoring follows the guide's
"Scoring" section:

- Gold quotes are located by their text: exactly (a second label with the same quote takes
  the next occurrence, if any), else after normalising white space, quote marks and dashes
  (`bot.grounding.Grounder`). A gold quote that cannot be located is counted and can never
  be matched (it stays in recall's denominator).
- Predictions: responses are `analysis.denials` (our kind `declined` is scored as
  `no_comment`); unverified items are `analysis.flags` of the six guideline kinds only:
  `reported_denial` and `party_accusation` flags are not unverified predictions and are
  skipped (counted). Each quote is located as grounding locates it for users: at its
  offsets when they hold its text, else the occurrence nearest its start. A quote not in
  the article is ungrounded: counted, listed, and scored as a prediction that matches nothing.
- A prediction matches a gold item when their character spans overlap. Recall: gold items
  matched by at least one prediction; precision: predictions matching at least one gold
  item (two predictions on one gold item are both right). Responses also give recall by
  gold kind, precision by predicted kind, and, pairing each matched gold response with its
  most-overlapping prediction, the share of pairs whose kind and whose firsthand agree.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from bot.analyzers.base import Analyzer
from bot.errors import ConfigError
from bot.evaluation.running import analyze_blocking, text_article
from bot.grounding import Grounder
from bot.models import Analysis, DenialKind, Span

SECTIONS = ("responses", "unverified")
RESPONSE_KINDS = ("denial", "no_comment", "non_denial")
UNVERIFIED_KINDS = ("anonymous_source", "vague_source", "unnamed_document", "secondary_report",
                    "hedged", "unknown_admitted")
KINDS = {"responses": RESPONSE_KINDS, "unverified": UNVERIFIED_KINDS}
SCOPE = ("responses = our denials (declined scored as no_comment); unverified = our flags of "
         "the six guideline kinds (reported_denial, party_accusation flags not counted)")


@dataclass(frozen=True)
class Item:
    """A gold or predicted item; `start` and `end` are -1 when its quote is not in the article."""

    kind: str
    quote: str
    start: int = -1
    end: int = -1
    by: str = ""  # responses: who answers
    firsthand: bool | None = None  # responses only
    note: str = ""  # gold: `about` or `why`; ours: the kind we gave when scored as another

    def overlap(self, other: Item) -> int:
        if self.start < 0 or other.start < 0:
            return 0
        return max(0, min(self.end, other.end) - max(self.start, other.start))


@dataclass(frozen=True)
class GoldArticle:
    name: str
    text: str
    items: dict[str, tuple[Item, ...]]  # by section


@dataclass
class Tally:
    gold: int = 0
    found: int = 0  # gold items matched by a prediction
    pred: int = 0
    right: int = 0  # predictions matching a gold item

    def recall(self) -> float | None:
        return self.found / self.gold if self.gold else None

    def precision(self) -> float | None:
        return self.right / self.pred if self.pred else None


@dataclass
class ArticleErrors:
    """What one article's analysis got wrong, for engineers reading `--show`."""

    name: str
    tallies: dict[str, Tally] = field(default_factory=lambda: {s: Tally() for s in SECTIONS})
    missed: dict[str, list[Item]] = field(default_factory=lambda: {s: [] for s in SECTIONS})
    wrong: dict[str, list[Item]] = field(default_factory=lambda: {s: [] for s in SECTIONS})
    disagreements: list[tuple[Item, Item]] = field(default_factory=list)  # (gold, ours)
    unlocated_gold: list[Item] = field(default_factory=list)
    ungrounded: list[Item] = field(default_factory=list)


@dataclass
class ResponsesReport:
    split: str
    analyzer: str = ""
    articles: int = 0
    seconds: float = 0.0
    totals: dict[str, Tally] = field(default_factory=lambda: {s: Tally() for s in SECTIONS})
    # (section, kind): gold side counted by gold kind, prediction side by predicted kind
    kinds: dict[tuple[str, str], Tally] = field(
        default_factory=lambda: {(s, k): Tally() for s in SECTIONS for k in KINDS[s]})
    pairs: int = 0
    kind_agree: int = 0
    firsthand_agree: int = 0
    unlocated_gold: int = 0
    ungrounded: int = 0
    skipped_flags: int = 0
    errors: list[ArticleErrors] = field(default_factory=list)

    def table(self) -> str:
        lines = [
            f"Responses & unverified ({self.split}, {self.analyzer}): {self.articles} articles, "
            f"{self.seconds:.1f}s; a match is an overlap of character spans",
            f"{SCOPE}: {self.skipped_flags} skipped",
            f"{'':<20} {'gold':>5} {'found':>5} {'R':>6}   {'pred':>5} {'right':>5} {'P':>6}",
        ]
        for section in SECTIONS:
            lines.append(_row(section, self.totals[section]))
            lines += [_row(f"  {k}", self.kinds[section, k]) for k in KINDS[section]]
            if section == "responses":
                lines.append(f"  on {self.pairs} matched pairs: kind agrees "
                             f"{_pct(self.kind_agree, self.pairs)}, firsthand agrees "
                             f"{_pct(self.firsthand_agree, self.pairs)}")
        lines.append("by kind: R by the gold item's kind, P by the predicted kind")
        lines.append(f"gold quotes not located in the article: {self.unlocated_gold}; predicted "
                     f"quotes ungrounded: {self.ungrounded} (scored as wrong predictions)")
        return "\n".join(lines)

    def as_dict(self, errors: bool = False) -> dict[str, Any]:
        def tally(t: Tally) -> dict[str, Any]:
            return {**asdict(t), "recall": t.recall(), "precision": t.precision()}

        out: dict[str, Any] = {
            "split": self.split, "analyzer": self.analyzer, "articles": self.articles,
            "seconds": round(self.seconds, 3), "unlocated_gold": self.unlocated_gold,
            "ungrounded": self.ungrounded, "skipped_flags": self.skipped_flags,
        }
        for section in SECTIONS:
            out[section] = {**tally(self.totals[section]),
                            "by_kind": {k: tally(self.kinds[section, k]) for k in KINDS[section]}}
        out["responses"].update(matched_pairs=self.pairs, kind_agree=self.kind_agree,
                                firsthand_agree=self.firsthand_agree)
        if errors:
            out["errors"] = [asdict(e) for e in self.errors]
        return out

    def listing(self) -> str:
        """Per article: missed gold items, wrong predictions, disagreeing pairs (`--show`)."""
        blocks = []
        for e in self.errors:
            counts = "; ".join(f"{s} {t.found}/{t.gold} found, {t.pred - t.right} wrong"
                               for s, t in e.tallies.items())
            lines = [f"== {e.name}: {counts}"]
            for section in SECTIONS:
                lines += [_show(f"MISSED {section}", g) for g in e.missed[section]]
                lines += [_show(f"WRONG {section}", p) for p in e.wrong[section]]
            for gold, ours in e.disagreements:
                lines.append(_show("DISAGREE gold", gold))
                lines.append(_show("         ours", ours))
            lines += [_show("UNLOCATED gold", g) for g in e.unlocated_gold]
            lines += [_show("UNGROUNDED ours", p) for p in e.ungrounded]
            if len(lines) > 1:
                blocks.append("\n".join(lines))
        return "\n\n".join(blocks) if blocks else "nothing missed, nothing wrong"


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "-"


def _row(label: str, t: Tally) -> str:
    return (f"{label:<20} {t.gold:>5} {t.found:>5} {_pct(t.found, t.gold):>6}   "
            f"{t.pred:>5} {t.right:>5} {_pct(t.right, t.pred):>6}")


def _show(label: str, item: Item, width: int = 220) -> str:
    where = f"@{item.start}" if item.start >= 0 else "@?"
    facts = [item.kind]
    if item.firsthand is not None:
        facts.append("firsthand" if item.firsthand else "relayed")
    if item.note:
        facts.append(item.note)
    who = f" by {item.by}" if item.by else ""
    quote = item.quote if len(item.quote) <= width else item.quote[: width - 1] + "…"
    return f"  {label:<18} {where:>6} [{', '.join(facts)}]{who}\n  {'':<25} “{quote}”"


# ------------------------------------------------------------------------------ reading


def split_paths(shared: Path, split: str) -> tuple[Path, Path]:
    """The labels file and the articles folder of a split in the shared data folder."""
    data = shared / "data"
    return data / "responses" / f"{split}.json", data / "polnear" / split / "text"


def _gold_item(section: str, raw: dict[str, Any]) -> Item:
    if raw.get("kind") not in KINDS[section]:
        raise ConfigError(f"A {section} label has kind {raw.get('kind')!r}: not in the guide.")
    if section == "unverified":
        return Item(kind=raw["kind"], quote=raw["quote"], note=raw.get("why", ""))
    role = raw.get("role") or ""
    return Item(kind=raw["kind"], quote=raw["quote"], by=raw["by"] + (f" ({role})" if role else ""),
                firsthand=bool(raw["firsthand"]), note=raw.get("about", ""))


def _locate_gold(text: str, grounder: Grounder, item: Item, taken: set[tuple[int, int]]) -> Item:
    quote, spans = item.quote, []
    position = text.find(quote) if quote else -1
    while position != -1:
        spans.append((position, position + len(quote)))
        position = text.find(quote, position + 1)
    free = [s for s in spans if s not in taken]
    if spans:
        start, end = (free or spans)[0]
    else:
        found = grounder.locate(quote) if quote.strip() else None
        start, end = (found.start, found.end) if found else (-1, -1)
    taken.add((start, end))
    return Item(**{**asdict(item), "start": start, "end": end})


def load_split(labels: Path, text_dir: Path) -> list[GoldArticle]:
    """Every labelled article, in name order, with its gold quotes located."""
    if not labels.is_file() or not text_dir.is_dir():
        raise ConfigError(f"No responses labels at {labels} with articles in {text_dir}.")
    data: dict[str, dict[str, list[dict[str, Any]]]] = json.loads(labels.read_text("utf-8"))
    out = []
    for name in sorted(data):
        path = text_dir / name
        if not path.is_file():
            raise ConfigError(f"{labels.name} labels {name}, which is not in {text_dir}.")
        text = path.read_text(encoding="utf-8")
        grounder = Grounder(text)
        items = {}
        for section in SECTIONS:
            taken: set[tuple[int, int]] = set()
            items[section] = tuple(_locate_gold(text, grounder, _gold_item(section, raw), taken)
                                   for raw in data[name].get(section, []))
        out.append(GoldArticle(name=name, text=text, items=items))
    return out


# ------------------------------------------------------------------------------ scoring


def _predicted(analysis: Analysis, grounder: Grounder) -> tuple[dict[str, list[Item]], int]:
    """Our items by section, located in the article; and the number of flags skipped."""
    def place(span: Span) -> tuple[int, int]:
        found = grounder.verify(span)
        return (found.start, found.end) if found else (-1, -1)

    responses = []
    for d in analysis.denials:
        declined = d.kind == DenialKind.DECLINED
        kind = DenialKind.NO_COMMENT.value if declined else d.kind.value
        by = d.by + (f" ({d.role or d.organization})" if d.role or d.organization else "")
        responses.append(Item(kind, d.quote.text, *place(d.quote), by=by, firsthand=d.firsthand,
                              note="ours: declined" if declined else ""))
    unverified = [Item(f.kind.value, f.quote.text, *place(f.quote), note=f.why)
                  for f in analysis.flags if f.kind.value in UNVERIFIED_KINDS]
    return {"responses": responses, "unverified": unverified}, len(analysis.flags) - len(unverified)


def score_article(gold: GoldArticle, analysis: Analysis, report: ResponsesReport) -> None:
    """Add one article's counts and errors to `report` (see the module doc)."""
    ours, skipped = _predicted(analysis, Grounder(gold.text))
    errors = ArticleErrors(name=gold.name)
    report.articles += 1
    report.skipped_flags += skipped
    for section in SECTIONS:
        golds, preds = gold.items[section], ours[section]
        total = report.totals[section]
        for g in golds:
            report.unlocated_gold += g.start < 0
            errors.unlocated_gold += [g] if g.start < 0 else []
            best = max(preds, key=g.overlap, default=None)
            matched = best is not None and g.overlap(best) > 0
            for t in (total, report.kinds[section, g.kind], errors.tallies[section]):
                t.gold += 1
                t.found += matched
            if not matched:
                errors.missed[section].append(g)
            elif best is not None and section == "responses":
                report.pairs += 1
                report.kind_agree += best.kind == g.kind
                report.firsthand_agree += best.firsthand == g.firsthand
                if (best.kind, best.firsthand) != (g.kind, g.firsthand):
                    errors.disagreements.append((g, best))
        for p in preds:
            report.ungrounded += p.start < 0
            errors.ungrounded += [p] if p.start < 0 else []
            right = any(p.overlap(g) > 0 for g in golds)
            for t in (total, report.kinds[section, p.kind], errors.tallies[section]):
                t.pred += 1
                t.right += right
            if not right and p.start >= 0:
                errors.wrong[section].append(p)
    report.errors.append(errors)


def evaluate_responses(labels: Path, text_dir: Path, analyzer: Analyzer) -> ResponsesReport:
    """Run `analyzer` over every labelled article and score it (module doc).

    Synchronous (see `analyze_blocking`). Raises `ConfigError` when the data is not there.
    """
    golds = load_split(labels, text_dir)
    report = ResponsesReport(split=labels.stem, analyzer=analyzer.name)
    started = time.perf_counter()
    for gold in golds:
        score_article(gold, analyze_blocking(analyzer, text_article(gold.text)), report)
    report.seconds = time.perf_counter() - started
    return report
