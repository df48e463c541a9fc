"""Score check-worthiness on ClaimBuster: debate sentences labelled check-worthy (1) or not.

ClaimBuster (Arslan et al., ICWSM 2020) is read from `<shared>/data/claimbuster/<split>.json`:
a list of `{"sentence_id", "label", "text"}`. Each text is parsed as one sentence and scored
by the offline engine's scorer (`bot.analyzers.rules.checkworthy.score`); a score of 0.5 or
more predicts check-worthy. Reported: precision, recall and F1 of the check-worthy class,
for the scorer and for a keyword baseline (a number, a unit or a word of record or change
makes a sentence check-worthy), so the scorer's gain is plain.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Span

from bot.errors import InputError

THRESHOLD = 0.5
KEYWORDS = re.compile(
    r"\d|\b(?:percent|million|billion|trillion|thousand|hundred|dollars?|times|half|"
    r"record|first|highest|lowest|largest|increased?|decreased?|cut|raised?|voted?|"
    r"passed|signed|spent|cost|lost|created|tax(?:es)?|jobs?|deficit|debt)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Labelled:
    text: str
    label: int


@dataclass(frozen=True)
class Scores:
    """Counts for the check-worthy class."""

    true_pos: int
    false_pos: int
    false_neg: int
    true_neg: int

    @classmethod
    def of(cls, gold: Iterable[int], predicted: Iterable[bool]) -> Scores:
        tp = fp = fn = tn = 0
        for label, guess in zip(gold, predicted, strict=True):
            if guess and label:
                tp += 1
            elif guess:
                fp += 1
            elif label:
                fn += 1
            else:
                tn += 1
        return cls(tp, fp, fn, tn)

    @property
    def precision(self) -> float:
        return self.true_pos / (self.true_pos + self.false_pos) if self.true_pos else 0.0

    @property
    def recall(self) -> float:
        return self.true_pos / (self.true_pos + self.false_neg) if self.true_pos else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def accuracy(self) -> float:
        total = self.true_pos + self.false_pos + self.false_neg + self.true_neg
        return (self.true_pos + self.true_neg) / total if total else 0.0


@dataclass(frozen=True)
class CheckworthyReport:
    split: str
    sentences: int
    positives: int
    scorer: Scores
    baseline: Scores

    def table(self) -> str:
        lines = [f"ClaimBuster {self.split}: {self.sentences} sentences, {self.positives} "
                 f"check-worthy (threshold {THRESHOLD})",
                 f"{'':22}{'P':>7}{'R':>7}{'F1':>7}{'acc':>7}"]
        for name, scores in (("scorer (rules)", self.scorer),
                             ("keyword baseline", self.baseline)):
            lines.append(f"{name:22}{scores.precision:7.3f}{scores.recall:7.3f}"
                         f"{scores.f1:7.3f}{scores.accuracy:7.3f}")
        return "\n".join(lines)


def split_path(shared: Path, split: str) -> Path:
    return shared / "data" / "claimbuster" / f"{split}.json"


def load(path: Path) -> list[Labelled]:
    """The labelled sentences of one split file; a missing or malformed file is one line."""
    if not path.is_file():
        raise InputError(f"The ClaimBuster data is not at {path}.")
    try:
        rows = json.loads(path.read_text("utf-8"))
        return [Labelled(text=str(row["text"]), label=int(row["label"])) for row in rows]
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(f"{path} is not a ClaimBuster split "
                         f"(a list of {{label, text}}): {exc}") from None


def keyword_baseline(text: str) -> bool:
    return KEYWORDS.search(text) is not None


def evaluate(nlp: Language, items: list[Labelled], split: str,
             scorer: Callable[[Span], float] | None = None) -> CheckworthyReport:
    """Parse every sentence with `nlp` and score it (the shipped scorer by default)."""
    from bot.analyzers.rules.checkworthy import score

    rate = scorer or score
    predicted = [rate(doc[:]) >= THRESHOLD
                 for doc in nlp.pipe((item.text for item in items), batch_size=256)]
    gold = [item.label for item in items]
    return CheckworthyReport(
        split=split, sentences=len(items), positives=sum(gold),
        scorer=Scores.of(gold, predicted),
        baseline=Scores.of(gold, (keyword_baseline(item.text) for item in items)),
    )
