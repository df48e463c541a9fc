"""Check-worthiness: checkable facts above opinion, and `factdesk eval checkworthy` scoring
a ClaimBuster-shaped folder (invented sentences, laid out like the shared data)."""

from __future__ import annotations

import json
from pathlib import Path

from bot.analyzers.rules import RulesAnalyzer
from bot.analyzers.rules.checkworthy import features, model, score
from bot.evaluation.checkworthy import Scores, keyword_baseline
from bot.models import Article, SourceKind
from bot.report import to_text
from bot.textnorm import content_hash
from tests.support.cli import factdesk


def rate(text: str) -> float:
    return score(RulesAnalyzer().nlp()(text)[:])


def test_an_opinion_ranks_below_a_fact() -> None:
    fact = rate("Marten and Osei pleaded not guilty on Tuesday to charges of falsifying "
                "harbour safety records.")
    opinion = rate("This is a shameful day for our harbour and the board should resign.")
    forecast = rate("We will build a better future for every family in this town.")
    question = rate("Will the board listen to the people who live here?")
    assert fact >= 0.5 > max(opinion, forecast, question)


def test_numbers_and_records_rank_above_rhetoric() -> None:
    record = rate("Unemployment in Lakeside fell to 3.9 percent last year, the lowest since "
                  "2001.")
    rhetoric = rate("I think the mayor is doing a wonderful job for all of us.")
    assert record > 0.9 and rhetoric < 0.2


def test_what_is_reported_is_judged_not_the_saying() -> None:
    opinion = rate("The senator said the harbour board should be held accountable and that "
                   "justice must be done.")
    fact = rate("The harbour board approved the dredging contract on Monday, officials said.")
    assert fact > 0.5 > opinion
    assert "reported" in features(RulesAnalyzer().nlp()("Ana Ruiz said it rained.")[:])


def test_the_analyzer_claims_carry_the_score_and_facts_outrank_opinion() -> None:
    text = ("Lakeside council raised bus fares by 15 percent on Monday, the first rise since "
            "2019.\n\nThe decision is a disgrace and the council should be ashamed, said "
            "Dana Pike, who leads the riders' group.\n")
    article = Article(text=text, kind=SourceKind.TEXT, content_hash=content_hash(text))
    analysis = RulesAnalyzer().analyze_sync(article)
    claims = analysis.claims
    fare = next(c for c in claims if "15 percent" in c.quote.text)
    assert fare.checkworthy == rate(fare.quote.text)
    opinion = next(c for c in claims if "disgrace" in c.quote.text)
    assert opinion.checkworthy < fare.checkworthy
    # listed most check-worthy first; the contract's list stays in text order
    assert [c.id for c in claims] == sorted(c.id for c in claims)
    ranked = analysis.ranked_claims()
    assert ranked[0] is fare and ranked.index(opinion) > 0
    listed = to_text(analysis).split("Claims (", 1)[1]
    assert listed.index("15 percent") < listed.index("disgrace")


def test_the_weights_file_is_small_and_holds_weights() -> None:
    shipped = model()
    assert 50 < len(shipped.weights) < 3000
    assert shipped.weights["opinion"] < 0 < shipped.weights["num:digit"]


def test_scores_and_keyword_baseline() -> None:
    counts = Scores.of([1, 1, 1, 0, 0], [True, True, False, True, False])
    assert (counts.precision, counts.recall) == (2 / 3, 2 / 3)
    assert round(counts.f1, 4) == 0.6667 and counts.accuracy == 0.6
    assert Scores.of([0, 0], [False, False]).f1 == 0.0
    assert keyword_baseline("Taxes rose 4 percent.") and not keyword_baseline("I love it.")


SENTENCES = [
    (1, "The county spent $4.2 million on road repairs in 2021, twice what it spent in 2019."),
    (1, "Unemployment in Lakeside fell to 3.9 percent last year, the lowest since 2001."),
    (1, "Harbour traffic doubled after the new terminal opened in March."),
    (1, "My opponent is against working families."),
    (0, "Thank you very much, it is a pleasure to be here tonight."),
    (0, "What would you say to the people of this town?"),
    (0, "I think we should all be proud of this wonderful community."),
    (0, "We will build a better future together."),
]


def write_split(shared: Path, split: str) -> None:
    folder = shared / "data" / "claimbuster"
    folder.mkdir(parents=True)
    rows = [{"sentence_id": n, "label": label, "text": text}
            for n, (label, text) in enumerate(SENTENCES)]
    (folder / f"{split}.json").write_text(json.dumps(rows), "utf-8")


def test_eval_checkworthy_scores_a_shared_layout(tmp_path: Path,
                                                 cli_env: dict[str, str]) -> None:
    write_split(tmp_path / "shared", "test")
    done = factdesk("eval", "checkworthy", "--shared", str(tmp_path / "shared"), env=cli_env)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "ClaimBuster test: 8 sentences, 4 check-worthy (threshold 0.5)"
    # three facts found, the attack on an opponent missed, no opinion taken for a fact
    assert lines[2].split() == ["scorer", "(rules)", "1.000", "0.750", "0.857", "0.875"]
    # the keyword baseline needs a number or a keyword: "traffic doubled" has neither
    assert lines[3].split() == ["keyword", "baseline", "1.000", "0.500", "0.667", "0.750"]


def test_missing_data_is_one_line_and_exit_2(tmp_path: Path, cli_env: dict[str, str]) -> None:
    done = factdesk("eval", "checkworthy", "--split", "train", "--shared",
                    str(tmp_path / "none"), env=cli_env)
    assert done.returncode == 2 and done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "ClaimBuster data is not at" in lines[0]
    assert "Traceback" not in done.stderr
