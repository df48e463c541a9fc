"""Attributions on our own invented articles: every cue order, with exact spans.

The first engine, bot.analyzers.rules_v1, kept as the PolNeAR baseline.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.analyzers.rules_v1 import RulesAnalyzer
from bot.models import Analysis, Article, Attribution, SourceKind, SourceType
from bot.textnorm import content_hash

ARTICLES = Path(__file__).resolve().parent / "articles"


def analyze(name: str) -> tuple[str, Analysis]:
    text = (ARTICLES / name).read_text(encoding="utf-8")
    article = Article(text=text, kind=SourceKind.TEXT, content_hash=content_hash(text))
    return text, RulesAnalyzer().analyze_sync(article)


def by_cue(analysis: Analysis, cue: str, source: str) -> Attribution:
    found = [
        a for a in analysis.attributions
        if a.cue.text == cue and a.source is not None and a.source.text == source
    ]
    assert len(found) == 1, [(a.source, a.cue.text) for a in analysis.attributions]
    return found[0]


@pytest.fixture(scope="module")
def harbor() -> tuple[str, Analysis]:
    return analyze("harbor_bridge.txt")


@pytest.mark.parametrize(
    ("source", "cue", "content", "kind"),
    [
        # headline: content first, then "X say"
        ("city engineers", "say", "Harbor Bridge repairs will cost twice the estimate",
         SourceType.UNKNOWN),
        # "C, according to X"
        ("an engineering report released on Tuesday", "according to",
         "The repair of the Harbor Bridge in Port Alder will cost $48 million, nearly double "
         "the figure the city gave voters last spring", SourceType.DOCUMENT),
        # "X, who ..., said C": the speaker, not the relative clause
        ("Council member David Osei", "said",
         "the council had been warned about the corrosion in 2019", SourceType.NAMED),
        # "X told Y that C"
        ("The contractor, Lindqvist Steel,", "told",
         "that the delays were caused by late permits", SourceType.ORGANIZATION),
        ("Ruiz", "added", "that the bridge would stay open to cars during the work",
         SourceType.NAMED),
        ("A senior city official", "said", "the council would likely borrow the money",
         SourceType.ANONYMOUS),
        ("The transport ministry", "declined", "to comment", SourceType.ORGANIZATION),
    ],
)
def test_cue_orders(
    harbor: tuple[str, Analysis], source: str, cue: str, content: str, kind: SourceType
) -> None:
    text, analysis = harbor
    attribution = by_cue(analysis, cue, source)
    assert attribution.content.text == content
    for span in (attribution.cue, attribution.content, attribution.source):
        assert span is not None
        assert text[span.start : span.end] == span.text
    if kind is not SourceType.UNKNOWN:
        assert attribution.source_type is kind


def test_quote_then_speaker_runs_on_over_the_next_quote(harbor: tuple[str, Analysis]) -> None:
    _, analysis = harbor
    mayor = by_cue(analysis, "said", "Mayor Elena Ruiz")
    assert mayor.content.text.startswith('"We underestimated the corrosion')
    assert mayor.content.text.endswith('"That is on us, and we will fix it."')


def test_said_then_speaker_with_appositive(harbor: tuple[str, Analysis]) -> None:
    _, analysis = harbor
    engineer = by_cue(
        analysis, "said",
        "Marta Kowalczyk, a structural engineer who reviewed the report for the council",
    )
    assert engineer.content.text.startswith('"The warnings were there in black and white,"')
    assert engineer.content.text.endswith('"Nobody wanted to read them."')
    assert engineer.source_type is SourceType.NAMED


def test_multi_paragraph_quote_is_one_content(harbor: tuple[str, Analysis]) -> None:
    _, analysis = harbor
    berg = by_cue(analysis, "wrote", "the city's chief engineer, Tomas Berg,")
    assert berg.content.text.startswith('"The bridge is safe today.')
    assert "\n\n" in berg.content.text  # it spans the paragraph break
    assert berg.content.text.endswith('the traffic will be pleasant,"')


def test_hearer_is_not_the_source(harbor: tuple[str, Analysis]) -> None:
    _, analysis = harbor
    assert not any(
        a.source is not None and "Alder Ledger" in a.source.text for a in analysis.attributions
    )


def test_ids_are_sequential(harbor: tuple[str, Analysis]) -> None:
    _, analysis = harbor
    assert [a.id for a in analysis.attributions] == [
        f"a{n}" for n in range(1, len(analysis.attributions) + 1)
    ]


def test_reported_and_according_to_in_one_sentence() -> None:
    _, analysis = analyze("quarry_dispute.txt")
    lind = by_cue(analysis, "told", "The regional environment minister, Sofia Lind,")
    assert lind.content.text == 'that the quarry "was not involved" in earlier complaints'
    witnesses = by_cue(analysis, "according to", "two people present at the meeting")
    assert witnesses.source_type is SourceType.ANONYMOUS
    assert witnesses.content.text.startswith("The regional environment minister")
    memo = by_cue(analysis, "shows", "A leaked internal memo")
    assert memo.content.text.startswith("the company recorded vibrations")
    assert memo.source_type is SourceType.DOCUMENT


def analyze_text(text: str) -> tuple[str, Analysis]:
    article = Article(text=text, kind=SourceKind.TEXT, content_hash=content_hash(text))
    return text, RulesAnalyzer().analyze_sync(article)


def test_content_stops_before_according_to() -> None:
    text = ("The mayor said the pier was \u201csafe for another decade,\u201d according to the "
            "minutes.")
    _, analysis = analyze_text(text)
    mayor = by_cue(analysis, "said", "The mayor")
    assert mayor.content.text == "the pier was \u201csafe for another decade,\u201d"


@pytest.mark.parametrize(
    ("text", "source", "cue", "content", "kind"),
    [
        # "S did X, and according to Y, did Z": the clause after Y's comma
        ("The storm flooded 40 homes in the lower town, and according to a Valley Courier "
         "article published on Friday, was forecast by the county weeks before.",
         "a Valley Courier article published on Friday", "according to",
         "was forecast by the county weeks before", SourceType.OUTLET),
        # a long subject before "claims that"
        ("However, a new audit of the spending and staffing of the county water board claims "
         "that the board overpaid its contractors.",
         "a new audit of the spending and staffing of the county water board", "claims",
         "that the board overpaid its contractors", SourceType.DOCUMENT),
        ("A poll conducted by the Alder Ledger in March shows that most riders back the tram.",
         "A poll conducted by the Alder Ledger in March", "shows",
         "that most riders back the tram", SourceType.DOCUMENT),
        # "Based on X, C", the sources in quote marks or not
        ("Based on \u201cinterviews with 12 current and former council staff,\u201d the audit "
         "traces the delays to a single contract.",
         "interviews with 12 current and former council staff", "Based on",
         "the audit traces the delays to a single contract", SourceType.ANONYMOUS),
        ("Based on figures from the county assessor, the town lost 300 residents in 2023.",
         "figures from the county assessor", "Based on",
         "the town lost 300 residents in 2023", SourceType.DOCUMENT),
        # an inverted cue before a speaker with a lower-case description
        ("\u201cThe pier is older than the town,\u201d said Harbor Museum senior curator Ana "
         "Lima.", "Harbor Museum senior curator Ana Lima", "said",
         "\u201cThe pier is older than the town,\u201d", SourceType.NAMED),
        # "according to" a phrase the noun-phrase walk cannot start on
        ("Late Sunday, the ferry resumed service, according to early timetables.",
         "early timetables", "according to", "Late Sunday, the ferry resumed service",
         SourceType.UNKNOWN),
        # after a quote that closes on its comma: the quote and its lead-in
        ("The mayor said the pier was \u201csafe for another decade,\u201d according to the "
         "minutes.", "the minutes", "according to",
         "The mayor said the pier was \u201csafe for another decade,\u201d", SourceType.UNKNOWN),
        # after a colon, as at the start of a sentence
        ("The trend is clear: According to recent counts, ridership rose 12 percent.",
         "recent counts", "According to", "ridership rose 12 percent", SourceType.UNKNOWN),
        # no comma before it, when the source is one that reports
        ("The tram leads the bus by 12 points according to a poll by the Alder Ledger.",
         "a poll by the Alder Ledger", "according to", "The tram leads the bus by 12 points",
         SourceType.DOCUMENT),
        # content stops where another cue, "in the words of", begins
        ("Based on the minutes, the plan would \u201cput the harbour back to work,\u201d in the "
         "words of a union organizer.",
         "the minutes", "Based on",
         "the plan would \u201cput the harbour back to work,\u201d", SourceType.UNKNOWN),
    ],
)
def test_more_cue_shapes(
    text: str, source: str, cue: str, content: str, kind: SourceType
) -> None:
    _, analysis = analyze_text(text)
    attribution = by_cue(analysis, cue, source)
    assert attribution.content.text == content
    for span in (attribution.cue, attribution.content, attribution.source):
        assert span is not None
        assert text[span.start : span.end] == span.text
    if kind is not SourceType.UNKNOWN:
        assert attribution.source_type is kind


@pytest.mark.parametrize(
    "text",
    [
        "Concerns rose on Monday over claims that the ballots arrived late.",
        "The mayor left no doubt that she would run again.",
        "Critics seized on the mayor\u2019s claim that the budget had grown.",
        "The ferry began the season with a widely shared tweet that drew no response.",
        "The pier was rebuilt according to the plan.",  # in accordance with, not a source
    ],
)
def test_no_speaker_made_of_a_clause(text: str) -> None:
    _, analysis = analyze_text(text)
    assert [a.source.text for a in analysis.attributions if a.source] == []


@pytest.mark.parametrize(
    ("text", "source", "cue", "content"),
    [
        # a colon after the cue belongs to it, and introduces the content after it
        ("In a statement on Friday, the ferry company said: \u201cService will resume in "
         "May.\u201d", "the ferry company", "said:", "\u201cService will resume in May.\u201d"),
        # a passive cue: its subject heard the question, nobody is named as speaking
        ("The mayor was asked about the pier during a council meeting on Monday.", None,
         "was asked", "about the pier during a council meeting on Monday"),
        # ", saying C" when the sentence opens on an adverbial before its subject
        ("At a meeting in Alder, Ohio, on Sunday, the mayor tried to calm residents, saying "
         "that the tram would pay for itself.", "the mayor", "saying",
         "that the tram would pay for itself"),
        # a speaker the walk back cannot start on ("magnate"): the phrase opening the sentence
        ("The billionaire harbour magnate says the port will double in size by 2030.",
         "The billionaire harbour magnate", "says", "the port will double in size by 2030"),
        # ... and after a quote, before a verb of saying
        ("\u201cThe port is broke,\u201d the harbour magnate told reporters on Monday.",
         "the harbour magnate", "told", "\u201cThe port is broke,\u201d"),
        # an abbreviation's point inside an appositive does not end the speaker
        ("Sen. Ann Ruiz, R-Ore., told reporters that the port would close in 2027.",
         "Sen. Ann Ruiz, R-Ore.,", "told", "that the port would close in 2027"),
        # "X, led by Y, told": the speaker is X
        ("The aides, led by campaign manager Tom Gray, told the group that the count was "
         "close.", "The aides", "told", "that the count was close"),
        # a relative word before the speaker is not part of the speaker
        ("The plan, which critics said was rushed, passed on Monday.", "critics", "said", None),
        # ", referring to X": the particle is part of the cue, the speaker the earlier one's
        ("\u201cThe tram will pay its way,\u201d the mayor said, referring to the coastal "
         "line.", "the mayor", "referring to", "the coastal line"),
        # "Asked <when, where> whether C, ...": the question, with nobody named as asking
        ("Asked on Tuesday whether the levy would rise, the harbour chief smiled.", None,
         "Asked", "whether the levy would rise"),
        # "... when asked whether C" inside the sentence
        ("The councillor shrugged when asked whether the ferry would run in winter.", None,
         "asked", "whether the ferry would run in winter"),
        # "X issued a statement <when> saying C": the cue runs from the verb to the participle
        ("The harbour board issued a statement on Monday saying that the pier would reopen in "
         "June.", "The harbour board", "issued a statement on Monday saying",
         "that the pier would reopen in June"),
        # a plain noun after a determiner speaks before an unambiguous verb of saying
        ("The ferry had sailed 400 times without a fault, the operator said on Friday.",
         "the operator", "said", "The ferry had sailed 400 times without a fault"),
        ("One harbour pilot told reporters that the channel was too shallow.",
         "One harbour pilot", "told", "that the channel was too shallow"),
        # a connective between speaker and verb is in neither ("X, however, said")
        ("The harbour master, however, said the channel would be dredged in May.",
         "The harbour master", "said", "the channel would be dredged in May"),
        ("The port board meanwhile has said that tolls will rise.", "The port board",
         "has said", "that tolls will rise"),
        # an aside opened by "including", or set off by dashes, stays with the speaker
        ("Six newspapers in Ohio, including the Harbor Herald, said he was unfit to serve.",
         "Six newspapers in Ohio, including the Harbor Herald,", "said",
         "he was unfit to serve"),
        ("Many speakers at the Capitol \u2014 including pastors, rabbis and imams \u2014 said "
         "the loss was painful.",
         "Many speakers at the Capitol \u2014 including pastors, rabbis and imams \u2014", "said",
         "the loss was painful"),
        # "X, of <Organisation>, said": the affiliation stays with the speaker
        ("\u201cTolls will rise,\u201d Ann Ruiz, of Harbor Capital Partners, said.",
         "Ann Ruiz, of Harbor Capital Partners,", "said", "\u201cTolls will rise,\u201d"),
        # a record that shows, whatever its modifiers, is the source
        ("A review of harbour records by the Ledger shows most of the dredging was never "
         "done.", "A review of harbour records by the Ledger", "shows",
         "most of the dredging was never done"),
        # ", noting C" and ", adding C" report a clause even without "that"
        ("\u201cWe will rebuild,\u201d the mayor said, noting she had already hired a "
         "contractor.", "the mayor", "noting", "she had already hired a contractor"),
        # ", telling <hearer> that C": past the hearer
        ("The harbour chief reversed course, telling the Ledger that tolls would not rise.",
         "The harbour chief", "telling", "that tolls would not rise"),
        # "X called it Y": the object "it" is content for "call" and "describe"
        ("The harbour chief called it \u201ca costly mistake.\u201d", "The harbour chief",
         "called", "it \u201ca costly mistake.\u201d"),
        # a time phrase between speaker and verb is in neither
        ("The port authority on Tuesday said that tolls would rise.", "The port authority",
         "said", "that tolls would rise"),
        ("The port authority, on Tuesday, said that tolls would rise.", "The port authority",
         "said", "that tolls would rise"),
        ("The port authority last week said that tolls would rise.", "The port authority",
         "said", "that tolls would rise"),
        # "X, also a <title>, said": the appositive stays with the speaker
        ("Ann Ruiz, also a harbour commissioner, said the tolls were fair.",
         "Ann Ruiz, also a harbour commissioner,", "said", "the tolls were fair"),
        # "X, 31, a <description>, said": the age does not cut the name off
        ("Ann Ruiz, 31, a ferry pilot from Alder, said the channel was too shallow.",
         "Ann Ruiz, 31, a ferry pilot from Alder,", "said", "the channel was too shallow"),
        # -ed and -ing modifiers inside the speaker's phrase
        ("The heads of both shipping firms told reporters that they would comply.",
         "The heads of both shipping firms", "told", "that they would comply"),
        ("Sixty percent of Democratic registered voters say the levy is fair.",
         "Sixty percent of Democratic registered voters", "say", "the levy is fair"),
        # "<description>, <Name>, told": the description opening the sentence and the name
        ("One pilot not on the union slate, Ann Ruiz, told the Ledger she would vote no.",
         "One pilot not on the union slate, Ann Ruiz,", "told", "she would vote no"),
        # an adverb before a time phrase ("later Thursday") is in neither
        ("Okafor later Thursday told reporters: \u201cThe pier is safe.\u201d", "Okafor",
         "told", "\u201cThe pier is safe.\u201d"),
        # a speaker with modifiers the walk back cannot cross, before a verb of saying
        ("Harbour rights advocates said the ruling made the fight more urgent.",
         "Harbour rights advocates", "said", "the ruling made the fight more urgent"),
        # "X asked Y to V": the request, with the one asked in it
        ("The harbour board asked the ferry operator to publish its timetable.",
         "The harbour board", "asked", "the ferry operator to publish its timetable"),
        # "X asked Y which/whether C": the question, without the one asked
        ("The Ledger asked its readers which pier should be rebuilt first.", "The Ledger",
         "asked", "which pier should be rebuilt first"),
        # a speaker described by a relative clause right before the verb
        ("Residents who watched the debate said the pier was unsafe.",
         "Residents who watched the debate", "said", "the pier was unsafe"),
        ("Pilots who have worked the channel said the dredging was never finished.",
         "Pilots who have worked the channel", "said", "the dredging was never finished"),
        # "is (widely) expected to": an expectation with nobody named as holding it
        ("The harbour board is widely expected to approve the new pier on Friday.", None,
         "is widely expected", "to approve the new pier on Friday"),
        # "with N percent of X saying C": a share of those polled is the speaker
        ("Support for the levy slipped, with 41 percent of residents saying they would vote "
         "against it.", "41 percent of residents", "saying", "they would vote against it"),
    ],
)
def test_speaker_edges(text: str, source: str | None, cue: str, content: str | None) -> None:
    _, analysis = analyze_text(text)
    found = [a for a in analysis.attributions if a.cue.text == cue]
    assert len(found) == 1, [(a.source, a.cue.text) for a in analysis.attributions]
    attribution = found[0]
    assert (attribution.source.text if attribution.source else None) == source
    if content is not None:
        assert attribution.content.text == content
    for span in (attribution.cue, attribution.content, attribution.source):
        assert span is None or text[span.start : span.end] == span.text


@pytest.mark.parametrize(
    "text",
    [
        # an adverbial is not skipped to find the subject of a deed
        "At a meeting in Alder, Ohio, on Sunday, the mayor's aide handed out leaflets, "
        "offering residents a free ride.",
        # an opening phrase is a speaker only for a verb of saying (or one before "that")
        "The initiative also seeks to enshrine a new levy on cruise ships.",
        # a verb form that is a noun here ("the attack was", "support for")
        "The Alder attack was a turning point for the town.",
        "Coastal support for the levy has faded since the spring.",
        # a question to the reader reports nothing
        "Do you support the new ferry levy?",
        # a feeling with no content
        "The harbour master felt blindsided by the port board.",
    ],
)
def test_no_speaker_for_a_deed(text: str) -> None:
    _, analysis = analyze_text(text)
    assert analysis.attributions == []


def test_a_plain_noun_inside_a_relative_clause_is_no_speaker() -> None:
    _, analysis = analyze_text("Residents who watched the debate said the pier was unsafe.")
    assert "the debate" not in [a.source.text for a in analysis.attributions if a.source]
