"""Every kind of sourcing that cannot be taken at face value, on our own invented sentences:
anonymous and vague sources, unnamed documents, secondary reports, hedges and admitted
unknowns."""

from __future__ import annotations

import pytest

from bot.models import FlagKind, Sourcing
from tests.support.analyzers import analyze_text


@pytest.mark.parametrize(("sentence", "kind"), [
    ("The deal was signed in March, according to a person familiar with the matter.",
     FlagKind.ANONYMOUS_SOURCE),
    ("Sources close to the minister said she would resign.", FlagKind.ANONYMOUS_SOURCE),
    ("A senior official, who asked not to be named because the inquiry is continuing, said "
     "the clerk had fled.", FlagKind.ANONYMOUS_SOURCE),
    ("Speaking on condition of anonymity, an official said the payments were illegal.",
     FlagKind.ANONYMOUS_SOURCE),
    ("Insiders say the board was split.", FlagKind.ANONYMOUS_SOURCE),
    ("One shipping expert said the berth was too short.", FlagKind.ANONYMOUS_SOURCE),
    ("Experts warn the harbour could silt up within a decade.", FlagKind.VAGUE_SOURCE),
    ("Some residents say the ferry is unsafe.", FlagKind.VAGUE_SOURCE),
    ("The payments were approved in May, according to documents reviewed by the Ledger.",
     FlagKind.UNNAMED_DOCUMENT),
    ("According to emails obtained by the Ledger, the clerk approved both payments.",
     FlagKind.UNNAMED_DOCUMENT),
    ("A draft of the report seen by the Ledger shows the losses doubled.",
     FlagKind.UNNAMED_DOCUMENT),
    ("The minister resigned on Friday, according to local media.", FlagKind.SECONDARY_REPORT),
    ("As first reported by Politico, the clerk left the country in June.",
     FlagKind.SECONDARY_REPORT),
    ("Some residents are wary of the new ferry timetable.", FlagKind.VAGUE_SOURCE),
    ("Many observers doubt the harbour will reopen this year.", FlagKind.VAGUE_SOURCE),
    ("Critics have decried the fee as a tax on islanders.", FlagKind.VAGUE_SOURCE),
    ("Several councillors expressed concern about the cost.", FlagKind.VAGUE_SOURCE),
    ("The plan has been criticized for ignoring the islands.", FlagKind.VAGUE_SOURCE),
    ("The clerk, records show, left the country in June.", FlagKind.UNNAMED_DOCUMENT),
    ("A police report said the skipper had been drinking.", FlagKind.UNNAMED_DOCUMENT),
    ("A confidential report prepared for the board concluded that the pier was unsafe.",
     FlagKind.UNNAMED_DOCUMENT),
    ("The indictment says the two men moved 3 million euros.", FlagKind.UNNAMED_DOCUMENT),
    ("His tax returns show he paid no tax in 2019.", FlagKind.UNNAMED_DOCUMENT),
    ("The ferry was insured for 9 million euros, records show.", FlagKind.UNNAMED_DOCUMENT),
    ("A memo seen by the Ledger lists six missing payments.", FlagKind.UNNAMED_DOCUMENT),
    ("A confidential memo circulated among board members warned of delays.",
     FlagKind.UNNAMED_DOCUMENT),
    ("An internal review recommends a new tender for the ferry.", FlagKind.UNNAMED_DOCUMENT),
    ("Police said the driver of the ferry had fled.", FlagKind.VAGUE_SOURCE),
    ("Rumours have circulated that the clerk will resign.", FlagKind.HEDGED),
    ("The skipper was accused by a former deckhand of falsifying the logs.", FlagKind.HEDGED),
    ("The clerk resigned over sexual harassment allegations.", FlagKind.HEDGED),
    ("The pumps appear to have failed twice in May.", FlagKind.HEDGED),
    ("There are claims that the tender was rigged.", FlagKind.HEDGED),
    ("The clerk was paid twice, it is claimed.", FlagKind.HEDGED),
    ("The mayor said the tender was rigged but offered no evidence.", FlagKind.HEDGED),
    ("Questions remain about who approved the payment.", FlagKind.UNKNOWN_ADMITTED),
    ("The number of missing ballots remains unknown.", FlagKind.UNKNOWN_ADMITTED),
    ("There was no way to verify the figures.", FlagKind.UNKNOWN_ADMITTED),
    ("Those claims have not been substantiated.", FlagKind.UNKNOWN_ADMITTED),
    ("The clerk is said to have left the country in June.", FlagKind.HEDGED),
    ("The ship is believed to be carrying grain.", FlagKind.HEDGED),
    ("It was not immediately clear whether the payments were legal.",
     FlagKind.UNKNOWN_ADMITTED),
    ("The Ledger was unable to verify the figures.", FlagKind.UNKNOWN_ADMITTED),
    ("The claim has not been independently verified.", FlagKind.UNKNOWN_ADMITTED),
])
def test_every_way_of_resting_on_a_shaky_source(sentence: str, kind: FlagKind) -> None:
    analysis = analyze_text("Harbour audit\n\n" + sentence + "\n")
    assert [f.kind for f in analysis.flags] == [kind]


def test_those_in_favour_are_a_loose_collective() -> None:
    analysis = analyze_text(
        "Harbour audit\n\nThose in favour of a new tender have said that the contract was "
        "rigged from the start.\n")
    assert [f.kind for f in analysis.flags] == [FlagKind.VAGUE_SOURCE]


@pytest.mark.parametrize(("sentence", "kind"), [
    ("The clerk acknowledged to the Almera Ledger that two payments were late.",
     FlagKind.SECONDARY_REPORT),
    ("Ruiz said in an interview with the Almera Ledger that the fees would rise.",
     FlagKind.SECONDARY_REPORT),
    ("Ruiz said in an interview with Ledger reporter Tom Alder that the fees would rise.",
     FlagKind.SECONDARY_REPORT),
    ("Ruiz won 61 percent of the vote, according to a tally by the Associated Press.",
     FlagKind.SECONDARY_REPORT),
    ("The minister is not expected to sign the contract this year.", FlagKind.HEDGED),
])
def test_more_ways_of_resting_on_a_shaky_source(sentence: str, kind: FlagKind) -> None:
    analysis = analyze_text("Harbour audit\n\n" + sentence + "\n")
    assert kind in [f.kind for f in analysis.flags]


def test_a_parenthetical_they_is_not_someone_in_what_they_say() -> None:
    analysis = analyze_text(
        "Harbour audit\n\nSenior officials at the ministry met on Monday. With the dredgers "
        "falling behind, they said, the minister has delayed the tender.\n")
    assert [(f.kind, f.quote.text) for f in analysis.flags] == [
        (FlagKind.ANONYMOUS_SOURCE, "they said")]


@pytest.mark.parametrize(("sentence", "kind"), [
    ("A nurse at the clinic said the ferry crew had been drinking.", FlagKind.ANONYMOUS_SOURCE),
    ("The Ledger's Ana Ruiz reported that the clerk had left the country.",
     FlagKind.SECONDARY_REPORT),
    ("Some analysts see the new fee as a tax on islanders.", FlagKind.VAGUE_SOURCE),
    ("The fee has rankled many in the harbour trade.", FlagKind.VAGUE_SOURCE),
    ("The delay frustrates many islanders.", FlagKind.VAGUE_SOURCE),
    ("A handful of aides said the minister would resign.", FlagKind.ANONYMOUS_SOURCE),
])
def test_yet_more_ways_of_resting_on_a_shaky_source(sentence: str, kind: FlagKind) -> None:
    analysis = analyze_text("Harbour audit\n\n" + sentence + "\n")
    assert [f.kind for f in analysis.flags] == [kind]


@pytest.mark.parametrize("sentence", [
    "Handwritten ledgers showing six cash payments to the clerk were found in the office.",
    "The documents, obtained by the Ledger through a records request, list six payments.",
    "Her letter, emailed to the board on Thursday and obtained by the Ledger, asks for a "
    "new vote.",
])
def test_a_document_the_outlet_has_but_does_not_publish(sentence: str) -> None:
    analysis = analyze_text("Harbour audit\n\n" + sentence + "\n")
    assert FlagKind.UNNAMED_DOCUMENT in [f.kind for f in analysis.flags]


@pytest.mark.parametrize("sentence", [
    "Multiple operatives expressed skepticism that the ferry would sail on time.",
    "Island business leaders decried the new fee.",
    "Fishing groups condemned the plan to close the harbour.",
])
def test_a_loose_group_s_view_is_flagged(sentence: str) -> None:
    analysis = analyze_text("Harbour audit\n\n" + sentence + "\n")
    assert [f.kind for f in analysis.flags] == [FlagKind.VAGUE_SOURCE]


@pytest.mark.parametrize(("sentence", "flagged"), [
    ("The union made the same argument in letters to the harbour board last week.", True),
    ("A letter to the harbour board calls for a new vote on the fees.", True),
    ("\u201cWe paid every invoice,\u201d Keel wrote in an email to the Almera Ledger.", False),
    ("The union published an open letter to the harbour board on Friday.", False),
])
def test_correspondence_between_parties_is_an_unnamed_document(sentence: str,
                                                                flagged: bool) -> None:
    analysis = analyze_text("Harbour audit\n\n" + sentence + "\n")
    assert (FlagKind.UNNAMED_DOCUMENT in [f.kind for f in analysis.flags]) is flagged


@pytest.mark.parametrize(("sentence", "kind"), [
    ("The skipper was accused by a former deckhand, who worked for him for a decade, of "
     "falsifying the logs.", FlagKind.HEDGED),
    ("There are questions about how much the board knew of the losses.",
     FlagKind.UNKNOWN_ADMITTED),
    ("Two of the donors have been reported as members of the movement.", FlagKind.HEDGED),
])
def test_signals_of_doubt_across_a_clause(sentence: str, kind: FlagKind) -> None:
    analysis = analyze_text("Harbour audit\n\n" + sentence + "\n")
    assert [f.kind for f in analysis.flags] == [kind]


@pytest.mark.parametrize(("sentence", "kind"), [
    ("Opposition strategists are skeptical of the new timetable.", FlagKind.VAGUE_SOURCE),
    ("According to The Federalist, the clerk left the country in June.",
     FlagKind.SECONDARY_REPORT),
])
def test_unnamed_insiders_feelings_and_more_outlets(sentence: str, kind: FlagKind) -> None:
    analysis = analyze_text("Harbour audit\n\n" + sentence + "\n")
    assert [f.kind for f in analysis.flags] == [kind]


@pytest.mark.parametrize("sentence", [
    # the parser reads "like" as the relative clause's verb and loses the speaker
    "One clerk, who like others spoke on the condition of anonymity to discuss the audit, "
    "said the message was that \"the inquiry is not going to end soon.\"",
    "The harbour master said the second payment was an error, speaking on condition that he "
    "not be named.",
    "Staff at the harbour office, who did not want to be named, say the chair signed both "
    "invoices.",
])
def test_words_of_anonymity_flag_the_source_however_the_clause_is_parsed(sentence: str) -> None:
    flags = analyze_text("Harbour audit\n\n" + sentence + "\n").flags
    assert [f.kind for f in flags] == [FlagKind.ANONYMOUS_SOURCE]


def test_an_unnamed_source_is_flagged_once_for_its_sentence() -> None:
    sentence = ("Two clerks said the bid came in late, speaking on condition of anonymity "
                "because they were not authorized to discuss the audit.")
    flags = analyze_text("Harbour audit\n\n" + sentence + "\n").flags
    assert [(f.kind, f.quote.text) for f in flags] == [
        (FlagKind.ANONYMOUS_SOURCE, "Two clerks said")]


def test_not_authorized_to_act_is_no_anonymity() -> None:
    sentence = "The chair was not authorized to sign the second invoice, Keel said."
    assert analyze_text("Harbour audit\n\n" + sentence + "\n").flags == []


@pytest.mark.parametrize(("sentence", "flagged"), [
    ("Four clerks said they had been told to pay twice.", True),
    ("Three engineers who inspected the quay said it was unsafe.", True),
    ("The two clerks said they had been told to pay twice.", False),  # pointed back to
])
def test_counted_people_are_unnamed_sources(sentence: str, flagged: bool) -> None:
    flags = analyze_text("Harbour audit\n\n" + sentence + "\n").flags
    assert [f.kind for f in flags] == ([FlagKind.ANONYMOUS_SOURCE] if flagged else [])


@pytest.mark.parametrize(("sentence", "kind"), [
    ("It has been suggested that the chair knew of the payments.", FlagKind.HEDGED),
    ("Rumours that the chair will resign have swirled for weeks.", FlagKind.HEDGED),
    ("Word is that the chair will resign.", FlagKind.HEDGED),
    ("Details of the payments remain sketchy.", FlagKind.UNKNOWN_ADMITTED),
    ("The circumstances of the second payment are still murky.", FlagKind.UNKNOWN_ADMITTED),
    ("The audit, which has not been made public, found that the firm was paid twice.",
     FlagKind.UNNAMED_DOCUMENT),  # one flag: the document, not also an admitted unknown
    ("Minutes of the meeting show that the board approved both payments.",
     FlagKind.UNNAMED_DOCUMENT),
    ("A leaked report says the clerk approved both payments.", FlagKind.UNNAMED_DOCUMENT),
])
def test_unsourced_talk_unpublished_papers_and_admitted_gaps(sentence: str, kind: FlagKind) -> None:
    flags = analyze_text("Harbour audit\n\n" + sentence + "\n").flags
    assert [f.kind for f in flags] == [kind]


def test_a_word_that_is_no_rumour_is_not_flagged() -> None:
    assert analyze_text("Harbour audit\n\nThe word is not in the harbour's charter.\n").flags == []


@pytest.mark.parametrize(("sentence", "why"), [
    ("The story was first broken by the Tribune.", "rests on the Tribune's reporting"),
    ("The clerk's flight, reported by several newspapers, has embarrassed the board.",
     "rests on several newspapers' reporting"),
])
def test_a_passive_report_rests_on_its_agent(sentence: str, why: str) -> None:
    flags = analyze_text("Harbour audit\n\n" + sentence + "\n").flags
    assert [(f.kind, f.why) for f in flags] == [(FlagKind.SECONDARY_REPORT, why)]


@pytest.mark.parametrize("sentence", [
    "The senator spoke on background checks for gun buyers.",
    "Victims of sexual offences are given anonymity under British law.",
    "Prisoners are not allowed to speak to journalists, the warden said.",
    "The mayor declined to be quoted on the audit.",
    "Two incidents suggest the quay is unsafe.",
    "Skies were hazy over the harbour on Monday.",
    "The mayor's last word was that the ferry would keep running.",
    "The closing minutes showed that the home side was tired.",
])
def test_near_forms_that_rest_on_no_shaky_source(sentence: str) -> None:
    assert analyze_text("Harbour audit\n\n" + sentence + "\n").flags == []


def test_a_loose_source_that_asked_not_to_be_named_is_flagged_once() -> None:
    flags = analyze_text("Harbour audit\n\nResidents, who asked not to be named, said the "
                         "ferry was late.\n").flags
    assert len(flags) == 1


def test_counted_people_opening_the_text_are_unnamed() -> None:
    (flag,) = analyze_text("Four clerks said the fee was one they had never heard of").flags
    assert flag.kind is FlagKind.ANONYMOUS_SOURCE


def test_a_document_the_outlet_saw_is_unpublished_and_names_the_outlet_as_its_own() -> None:
    analysis = analyze_text(
        "Harbour audit\n\nThe board paid the firm twice, according to an internal audit seen "
        "by the Almera Ledger. \"I never saw a second invoice,\" the chair told the Ledger.\n")
    assert [(f.kind, f.quote.text) for f in analysis.flags] == [
        (FlagKind.UNNAMED_DOCUMENT, "according to an internal audit seen by the Almera Ledger")]
    (claim,) = [c for c in analysis.claims if "paid the firm twice" in c.quote.text]
    assert claim.sourcing is Sourcing.DOCUMENT


@pytest.mark.parametrize(("sentence", "why"), [
    ("Keel reportedly told the board that the second payment was lawful.",
     "“reportedly”: said by Keel, but the report of it is unsourced"),
    ("Last year she was reported to have spent a weekend on his yacht, which she has neither "
     "confirmed nor denied.",
     "“was reported to”: no source named for it; find who says so"),
])
def test_a_hedge_names_a_speaker_only_of_the_verb_it_hedges(sentence: str, why: str) -> None:
    flags = analyze_text("Harbour audit\n\n" + sentence + "\n").flags
    assert [f.why for f in flags if f.kind is FlagKind.HEDGED] == [why]
