"""The responses/unverified scorer on invented articles and labels, counted by hand.

The articles and labels are written here in a temporary folder laid out like the shared
one (data/responses/<split>.json, data/polnear/<split>/text/<name>); no real article text.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest

from bot.errors import ConfigError
from bot.evaluation.responses import (
    ResponsesReport,
    Tally,
    load_split,
    score_article,
    split_paths,
)
from bot.models import (
    Analysis,
    ArticleMeta,
    Denial,
    DenialKind,
    Engine,
    Flag,
    FlagKind,
    SourceKind,
    Span,
)
from tests.support.cli import factdesk

BOARD = (
    "The Lakeside school board voted on Monday to close two elementary schools, a decision "
    "critics say was made in secret. Board president Ana Ruiz denied that the vote had been "
    "arranged in advance. “We followed every rule,” Ruiz told the Gazette. The district’s "
    "budget office did not respond to a request for comment. According to a draft memo, the "
    "closures would save $3 million a year. Ruiz reportedly denied the claim in a radio "
    "interview."
)
BRIDGE = ("Officials said the bridge was unsafe. The mayor called that false. "
          "Officials said it was not.")


def response(by: str, kind: str, quote: str, firsthand: bool = True) -> dict[str, Any]:
    return {"by": by, "role": "", "kind": kind, "quote": quote, "firsthand": firsthand,
            "about": "the closures"}


def unverified(kind: str, quote: str) -> dict[str, str]:
    return {"kind": kind, "quote": quote, "why": "invented"}


LABELS = {
    "board.txt": {
        "responses": [
            response("Ana Ruiz", "denial", "Board president Ana Ruiz denied that the vote had "
                     "been arranged in advance"),
            # straight quote marks: located only after normalising
            response("Ana Ruiz", "denial", '"We followed every rule," Ruiz told the Gazette'),
            response("The district’s budget office", "no_comment",
                     "The district’s budget office did not respond to a request for comment"),
            response("Ana Ruiz", "denial", "Ruiz reportedly denied the claim", firsthand=False),
        ],
        "unverified": [
            unverified("vague_source", "critics say was made in secret"),
            unverified("unnamed_document", "According to a draft memo"),
            unverified("hedged", "Ruiz reportedly denied the claim"),
            unverified("anonymous_source", "people close to the board said"),  # not in the text
        ],
    },
    "bridge.txt": {
        "responses": [response("The mayor", "denial", "The mayor called that false")],
        # the same quote twice: the second label takes the second occurrence
        "unverified": [unverified("anonymous_source", "Officials said"),
                       unverified("anonymous_source", "Officials said")],
    },
}


def write_shared(root: Path, texts: dict[str, str], labels: dict[str, Any],
                 split: str = "train") -> Path:
    text_dir = root / "data" / "polnear" / split / "text"
    text_dir.mkdir(parents=True)
    for name, text in texts.items():
        (text_dir / name).write_text(text, encoding="utf-8")
    (root / "data" / "responses").mkdir(parents=True)
    (root / "data" / "responses" / f"{split}.json").write_text(json.dumps(labels), "utf-8")
    return root


@pytest.fixture
def golds(tmp_path: Path) -> dict[str, Any]:
    shared = write_shared(tmp_path, {"board.txt": BOARD, "bridge.txt": BRIDGE}, LABELS)
    return {g.name: g for g in load_split(*split_paths(shared, "train"))}


def at(text: str, quote: str, occurrence: int = 0) -> Span:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(quote, start + 1)
    return Span(text=quote, start=start, end=start + len(quote))


def analysis(denials: list[Denial], flags: list[Flag]) -> Analysis:
    meta = ArticleMeta(kind=SourceKind.TEXT, content_hash="x", length=0)
    engine = Engine(analyzer="t", model="t", prompt_hash="t")
    return Analysis(article=meta, summary="", denials=denials, flags=flags, engine=engine)


def denial(n: int, kind: DenialKind, quote: Span, firsthand: bool = True) -> Denial:
    return Denial(id=f"d{n}", by="Ruiz", kind=kind, quote=quote, firsthand=firsthand)


def flag(n: int, kind: FlagKind, quote: Span) -> Flag:
    return Flag(id=f"f{n}", kind=kind, quote=quote, why="x")


def board_analysis() -> Analysis:
    return analysis(
        [
            denial(1, DenialKind.DENIAL, at(BOARD, "Ana Ruiz denied that the vote")),
            # two predictions on one gold item; the first overlaps it most
            denial(2, DenialKind.NON_DENIAL, at(BOARD, "“We followed every rule,”")),
            denial(3, DenialKind.DENIAL, at(BOARD, "Ruiz told the Gazette")),
            denial(4, DenialKind.DECLINED, at(BOARD, "did not respond to a request for comment"),
                   firsthand=False),
            denial(5, DenialKind.DENIAL, at(BOARD, "voted on Monday to close")),  # no gold here
            denial(6, DenialKind.DENIAL, Span(text="Ruiz said the board never met privately")),
        ],
        [
            flag(1, FlagKind.VAGUE_SOURCE, at(BOARD, "critics say")),
            flag(2, FlagKind.REPORTED_DENIAL, at(BOARD, "Ruiz reportedly denied the claim")),
            flag(3, FlagKind.PARTY_ACCUSATION, at(BOARD, "According to a draft memo")),
            flag(4, FlagKind.ANONYMOUS_SOURCE, at(BOARD, "The Lakeside school board voted")),
        ],
    )


def counts(tally: Tally | dict[str, Any]) -> tuple[int, int, int, int]:
    """gold, found, pred, right: of a report's tally or of its JSON."""
    row = asdict(tally) if isinstance(tally, Tally) else tally
    return row["gold"], row["found"], row["pred"], row["right"]


def test_gold_quotes_located_exactly_normalised_or_not_at_all(golds: dict[str, Any]) -> None:
    board = golds["board.txt"].items
    first = board["responses"][0]
    assert BOARD[first.start : first.end] == first.quote
    normalised = board["responses"][1]  # straight quotes in the label, curly in the text
    located = BOARD[normalised.start : normalised.end]
    assert located == "“We followed every rule,” Ruiz told the Gazette"
    assert board["unverified"][3].start == -1
    twice = golds["bridge.txt"].items["unverified"]
    assert [u.start for u in twice] == [0, BRIDGE.rindex("Officials said")]


def test_responses_counts_agreement_and_ungrounded(golds: dict[str, Any]) -> None:
    report = ResponsesReport(split="train")
    score_article(golds["board.txt"], board_analysis(), report)
    # gold: 3 of 4 found (the relayed denial is missed); ours: d1-d4 right, d5 wrong, d6 ungrounded
    assert counts(report.totals["responses"]) == (4, 3, 6, 4)
    assert report.ungrounded == 1
    # recall by gold kind, precision by predicted kind (declined counted as no_comment)
    assert counts(report.kinds["responses", "denial"]) == (3, 2, 4, 2)
    assert counts(report.kinds["responses", "no_comment"]) == (1, 1, 1, 1)
    # pairs: g1-d1 agree; g2-d2 (most overlap) kind differs; g3-d4 declined = no_comment,
    # firsthand differs
    assert (report.pairs, report.kind_agree, report.firsthand_agree) == (3, 2, 2)
    (errors,) = report.errors
    assert [g.quote for g in errors.missed["responses"]] == ["Ruiz reportedly denied the claim"]
    assert [p.quote for p in errors.wrong["responses"]] == ["voted on Monday to close"]
    assert [(g.kind, p.kind) for g, p in errors.disagreements] == [
        ("denial", "non_denial"), ("no_comment", "no_comment")]
    assert [p.quote for p in errors.ungrounded] == ["Ruiz said the board never met privately"]


def test_unverified_skips_other_flag_kinds_and_unlocated_gold(golds: dict[str, Any]) -> None:
    report = ResponsesReport(split="train")
    score_article(golds["board.txt"], board_analysis(), report)
    # the reported_denial flag on the hedged gold item does not count: only "critics say" is found
    assert counts(report.totals["unverified"]) == (4, 1, 2, 1)
    assert report.skipped_flags == 2
    assert report.unlocated_gold == 1
    assert report.kinds["unverified", "vague_source"].found == 1
    assert report.kinds["unverified", "hedged"].found == 0
    assert report.kinds["unverified", "anonymous_source"].gold == 1


def test_prediction_located_nearest_its_offset(golds: dict[str, Any]) -> None:
    second = BRIDGE.rindex("Officials said")
    report = ResponsesReport(split="train")
    # offsets that do not hold the text: the occurrence nearest the given start is used
    score_article(golds["bridge.txt"], analysis(
        [], [flag(1, FlagKind.ANONYMOUS_SOURCE, Span(text="Officials said", start=second - 3,
                                                     end=second + 5))]), report)
    assert counts(report.totals["unverified"]) == (2, 1, 1, 1)
    assert [g.start for g in report.errors[0].missed["unverified"]] == [0]
    assert report.totals["responses"].found == 0 and report.pairs == 0


def test_table_dict_and_listing(golds: dict[str, Any]) -> None:
    report = ResponsesReport(split="train", analyzer="t")
    score_article(golds["board.txt"], board_analysis(), report)
    table = report.table()
    assert "reported_denial, party_accusation flags not counted): 2 skipped" in table
    assert "responses                4     3  75.0%       6     4  66.7%" in table
    assert "on 3 matched pairs: kind agrees 66.7%, firsthand agrees 66.7%" in table
    numbers = json.loads(json.dumps(report.as_dict(errors=True)))
    assert numbers["responses"]["recall"] == pytest.approx(0.75)
    assert numbers["unverified"]["by_kind"]["vague_source"]["recall"] == pytest.approx(1.0)
    assert len(numbers["errors"]) == 1
    listing = report.listing()
    assert "== board.txt: responses 3/4 found, 2 wrong; unverified 1/4 found, 1 wrong" in listing
    assert "MISSED responses" in listing and "by Ana Ruiz" in listing
    assert "[no_comment, relayed, ours: declined] by Ruiz" in listing
    assert "UNLOCATED gold" in listing and "“people close to the board said”" in listing
    assert "UNGROUNDED ours" in listing and "@?" in listing


def test_unknown_label_kind_and_missing_article(tmp_path: Path) -> None:
    bad = {"board.txt": {"responses": [response("X", "refusal", "Board president")]}}
    shared = write_shared(tmp_path / "a", {"board.txt": BOARD}, bad)
    with pytest.raises(ConfigError, match="kind 'refusal'"):
        load_split(*split_paths(shared, "train"))
    shared = write_shared(tmp_path / "b", {}, {"gone.txt": {"responses": []}})
    with pytest.raises(ConfigError, match=r"gone\.txt"):
        load_split(*split_paths(shared, "train"))


HARBOUR = """PORT ALMERA — The harbour authority approved a $40 million dredging contract on \
Tuesday, months after auditors questioned how the bidding was run.

Two city officials said the winning bid was submitted after the deadline, speaking on \
condition of anonymity because they were not authorized to discuss the matter.

Marta Keel, the authority's chairwoman, declined to comment on the timing of the bid.

The contractor, Bellweather Marine, denied any wrongdoing in a statement to the Almera Ledger.

The company's owner allegedly met harbour commissioners at a private dinner before the vote. \
A spokesman for the commissioners said they meet many business owners and keep no list.
"""
HARBOUR_LABELS = {"harbour.txt": {
    "responses": [
        response("Marta Keel", "no_comment", "declined to comment on the timing of the bid"),
        response("Bellweather Marine", "denial", "Bellweather Marine, denied any wrongdoing"),
        response("A spokesman for the commissioners", "non_denial",
                 "said they meet many business owners and keep no list"),
    ],
    "unverified": [
        unverified("anonymous_source", "Two city officials said the winning bid was submitted "
                   "after the deadline, speaking on condition of anonymity"),
        unverified("hedged", "The company's owner allegedly met harbour commissioners"),
        unverified("vague_source", "auditors questioned how the bidding was run"),
    ],
}}


def test_rules_engine_end_to_end_through_the_cli(tmp_path: Path, cli_env: dict[str, str]) -> None:
    shared = write_shared(tmp_path / "shared", {"harbour.txt": HARBOUR}, HARBOUR_LABELS, "dev")
    done = factdesk("eval", "responses", "--split", "dev", "--shared", str(shared), "--json",
                    env=cli_env)
    assert done.returncode == 0, done.stderr
    numbers = json.loads(done.stdout)
    assert numbers["analyzer"] == "rules" and numbers["articles"] == 1
    responses, unverified_ = numbers["responses"], numbers["unverified"]
    # the declined (scored no_comment), the denial and the spokesman's non-denial all found
    assert counts(responses) == (3, 3, 3, 3)
    assert responses["by_kind"]["no_comment"]["found"] == 1
    assert (responses["matched_pairs"], responses["kind_agree"], responses["firsthand_agree"]) == (
        3, 3, 3)
    # "A spokesman for the commissioners" speaks for a named body: not flagged; unnamed
    # "auditors" (a generic class) are
    assert counts(unverified_) == (3, 3, 3, 3)
    assert numbers["ungrounded"] == 0 and numbers["unlocated_gold"] == 0

    shown = factdesk("eval", "responses", "--split", "dev", "--shared", str(shared), "--show",
                     env=cli_env)
    assert shown.returncode == 0, shown.stderr
    assert "MISSED responses" not in shown.stdout
    assert "WRONG" not in shown.stdout
    assert "A spokesman for the commissioners" not in shown.stdout
    assert "responses                3     3 100.0%       3     3 100.0%" in shown.stdout


def test_missing_data_is_one_line_and_exit_2(tmp_path: Path, cli_env: dict[str, str]) -> None:
    done = factdesk("eval", "responses", "--split", "train", "--shared", str(tmp_path / "none"),
                    env=cli_env)
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "responses data" in lines[0] and "Traceback" not in done.stderr
