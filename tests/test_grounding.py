from __future__ import annotations

from bot.grounding import Grounder, ground
from bot.models import (
    Analysis,
    ArticleMeta,
    Attribution,
    Claim,
    Denial,
    Engine,
    Flag,
    FlagKind,
    SourceKind,
    Span,
)

TEXT = (
    "The harbour authority said on Monday that the new pier “would open in May.”\n\n"
    "A spokesman for the ferry company, Ana Ruiz, told the Coastal Post that the\n"
    "company  “had no role” in the delays — and would not comment further."
)


def _analysis(**items: object) -> Analysis:
    return Analysis(
        article=ArticleMeta(kind=SourceKind.TEXT, content_hash="h", length=len(TEXT)),
        summary="s",
        engine=Engine(analyzer="test", model="none", prompt_hash="p"),
        **items,  # type: ignore[arg-type]
    )


def test_locate_normalises_space_quotes_and_dashes() -> None:
    grounder = Grounder(TEXT)
    span = grounder.locate('company "had no role" in the delays - and')
    assert span is not None
    assert TEXT[span.start : span.end] == span.text
    assert span.text == "company  “had no role” in the delays — and"


def test_locate_across_a_line_break() -> None:
    span = Grounder(TEXT).locate("told the Coastal Post that the company")
    assert span is not None
    assert span.text == "told the Coastal Post that the\ncompany"


def test_locate_strips_quote_marks_the_model_added() -> None:
    span = Grounder(TEXT).locate('"told the Coastal Post."')
    assert span is not None
    assert span.text == "told the Coastal Post"
    assert TEXT[span.start : span.end] == span.text


def test_locate_refuses_paraphrase() -> None:
    assert Grounder(TEXT).locate("the pier will open in May") is None


def test_locate_prefers_the_occurrence_near_the_hint() -> None:
    text = "He said no. Later, he said no."
    grounder = Grounder(text)
    first = grounder.locate("said no")
    second = grounder.locate("said no", near=25)
    assert first is not None and second is not None
    assert (first.start, second.start) == (3, 22)


def test_ground_fixes_offsets_and_drops_what_is_not_in_the_article() -> None:
    analysis = _analysis(
        attributions=[
            Attribution(
                id="a1",
                source=Span(text="Ana Ruiz"),
                cue=Span(text="told"),
                content=Span(text="had no role"),
            ),
            Attribution(id="a2", cue=Span(text="declared"), content=Span(text="nothing")),
        ],
        claims=[
            Claim(id="c1", statement="The pier opens in May.",
                  quote=Span(text="would open in May")),
            Claim(id="c2", statement="Invented.", quote=Span(text="ferries are free"),
                  attribution="a2"),
        ],
        denials=[
            Denial(id="d1", by="Ana Ruiz", quote=Span(text="had no role", start=0, end=11),
                   answers=["c1", "c2"], attribution="a2"),
        ],
        flags=[
            Flag(id="f1", kind=FlagKind.VAGUE_SOURCE, quote=Span(text="A spokesman"),
                 claim="c2", why="w"),
        ],
    )
    grounded = ground(analysis, TEXT)
    assert [a.id for a in grounded.attributions] == ["a1"]
    assert [c.id for c in grounded.claims] == ["c1"]
    assert grounded.engine.dropped == 2
    denial = grounded.denials[0]
    assert TEXT[denial.quote.start : denial.quote.end] == "had no role"
    assert denial.answers == ["c1"]
    assert denial.attribution is None
    assert grounded.flags[0].claim is None
    for span in [grounded.attributions[0].cue, grounded.attributions[0].content,
                 grounded.claims[0].quote, grounded.flags[0].quote]:
        assert TEXT[span.start : span.end] == span.text


QUOTED = (
    "“We never saw the tender,” the harbour master, Idris Pole, told reporters. "
    "The board cited “pressure from the ministry,” and \"a lack of staff\" for the delay."
)


def _shown(text: str, start: int, end: int) -> Span:
    return Grounder(text).balanced(Span(text=text[start:end], start=start, end=end))


def test_a_quote_cut_after_its_opening_mark_takes_the_mark_in() -> None:
    start = QUOTED.index("We never")
    end = QUOTED.index(", told reporters")
    shown = _shown(QUOTED, start, end)
    assert shown.text == "“We never saw the tender,” the harbour master, Idris Pole"
    assert QUOTED[shown.start : shown.end] == shown.text


def test_a_quote_cut_before_its_closing_mark_takes_the_mark_and_its_comma_in() -> None:
    start = QUOTED.index("The board")
    end = QUOTED.index(",” and")
    assert _shown(QUOTED, start, end).text == "The board cited “pressure from the ministry,”"


def test_straight_marks_are_balanced_too() -> None:
    start = QUOTED.index("and \"a lack")
    end = QUOTED.index("\" for the")
    assert _shown(QUOTED, start, end).text == 'and "a lack of staff"'


def test_a_balanced_quote_or_one_with_no_partner_nearby_is_kept() -> None:
    whole = QUOTED.index("The board")
    balanced = _shown(QUOTED, whole, len(QUOTED))
    assert (balanced.start, balanced.end) == (whole, len(QUOTED))
    lonely = _shown(QUOTED, QUOTED.index("pressure"), QUOTED.index(" from"))
    assert lonely.text == "pressure"


def test_ground_balances_the_quotes_users_see() -> None:
    start = QUOTED.index("We never")
    end = QUOTED.index(", told reporters")
    denial = Denial(id="d1", by="Idris Pole", kind="denial",
                    quote=Span(text=QUOTED[start:end], start=start, end=end))
    grounded = ground(_analysis(denials=[denial]), QUOTED)
    assert grounded.denials[0].quote.text.startswith("“We never saw the tender,”")
    assert grounded.denials[0].quote.start == start - 1
