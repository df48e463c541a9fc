"""What the offline engine finds, on our own invented articles: every way news writes an
official response, every kind of sourcing that cannot be taken at face value, who answers
(resolved, with role), first-hand or relayed, and the claimant behind a pronoun."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.analyzers.rules import RulesAnalyzer
from bot.models import Analysis, Article, Denial, DenialKind, FlagKind, SourceKind, Sourcing
from bot.textnorm import content_hash

ARTICLES = Path(__file__).resolve().parent / "articles"


def analyze(name: str) -> Analysis:
    text = (ARTICLES / name).read_text(encoding="utf-8")
    return analyze_text(text)


def analyze_text(text: str) -> Analysis:
    article = Article(text=text, kind=SourceKind.TEXT, content_hash=content_hash(text))
    return RulesAnalyzer().analyze_sync(article)


@pytest.fixture(scope="module")
def answers() -> Analysis:
    return analyze("ferry_answers.txt")


@pytest.fixture(scope="module")
def audit() -> Analysis:
    return analyze("harbour_audit.txt")


def answer_to(analysis: Analysis, words: str) -> Denial:
    found = [d for d in analysis.denials if words in d.quote.text]
    assert len(found) == 1, [(d.kind.value, d.quote.text) for d in analysis.denials]
    return found[0]


@pytest.mark.parametrize(("words", "kind", "by"), [
    ("declined to comment", DenialKind.DECLINED, "Caldera Marine"),
    ("did not respond to requests for comment", DenialKind.NO_COMMENT, "Marta Keel"),
    ("could not be reached", DenialKind.NO_COMMENT, "Tomas Berg"),
    ("would not say whether", DenialKind.NO_COMMENT, "A spokesman for the port authority"),
    ("would not discuss the audit", DenialKind.NO_COMMENT, "Spokesmen for the ministry"),
    ("has denied that the board broke", DenialKind.DENIAL, "Marta Keel"),  # "Keel", resolved
    ("disputes the auditors' figures", DenialKind.DENIAL, "The mayor's office"),
    ("rejected the allegation", DenialKind.DENIAL, "Ana Ruiz"),
    ("called the report false", DenialKind.DENIAL, "Tomas Berg"),
    ("neither confirm nor deny", DenialKind.NON_DENIAL, "The port authority"),
    ("We had no role", DenialKind.DENIAL, "Ana Ruiz"),
])
def test_every_form_of_answer(answers: Analysis, words: str, kind: DenialKind, by: str) -> None:
    answer = answer_to(answers, words)
    assert answer.kind is kind
    assert answer.by == by


def test_who_answers_comes_with_role_and_venue(answers: Analysis) -> None:
    keel = answer_to(answers, "did not respond")
    assert keel.role == "board's chairwoman"
    berg = answer_to(answers, "could not be reached")
    assert berg.role == "contractor's lawyer"
    ruiz = answer_to(answers, "rejected the allegation")
    assert ruiz.role == "transport minister" and ruiz.official
    on_record = answer_to(answers, "We had no role")
    assert on_record.venue == "the Almera Ledger" and on_record.firsthand


def test_an_answer_known_only_second_hand_is_relayed_and_flagged(answers: Analysis) -> None:
    relayed = answer_to(answers, "did nothing wrong")
    assert relayed.kind is DenialKind.DENIAL and not relayed.firsthand
    assert relayed.by == "Marta Keel"
    reported = [f for f in answers.flags if f.kind is FlagKind.REPORTED_DENIAL]
    assert [f.quote.text for f in reported] == [relayed.quote.text]
    # "reportedly" there is the reported answer's own concern: no second, hedged flag
    assert not [f for f in answers.flags if f.kind is FlagKind.HEDGED]
    witnesses = [f for f in answers.flags if f.kind is FlagKind.ANONYMOUS_SOURCE]
    assert [f.quote.text for f in witnesses] == [
        "according to two people present at the meeting"]


def test_answers_are_not_listed_as_claims(answers: Analysis) -> None:
    assert not [c for c in answers.claims if "declined to comment" in c.quote.text
                or "could not be reached" in c.quote.text]


@pytest.mark.parametrize(("kind", "quote"), [
    (FlagKind.ANONYMOUS_SOURCE, "officials said"),
    (FlagKind.ANONYMOUS_SOURCE, "People familiar with the inquiry said"),
    (FlagKind.VAGUE_SOURCE, "Critics say"),
    (FlagKind.UNNAMED_DOCUMENT, "Records show"),
    (FlagKind.UNNAMED_DOCUMENT, "The materials indicate"),
    (FlagKind.SECONDARY_REPORT, "The Almera Ledger reported"),
    (FlagKind.SECONDARY_REPORT, "According to a report by the Coastal Times"),
    (FlagKind.HEDGED, "The former harbour master reportedly moved the money himself."),
    (FlagKind.HEDGED, "He has allegedly met the contractor twice"),
    (FlagKind.HEDGED, "the board's treasurer was accused of hiding the losses."),
    (FlagKind.HEDGED, "The audit comes amid allegations of bribery at the port."),
    (FlagKind.UNKNOWN_ADMITTED, "It is unclear whether the police have opened a case."),
    (FlagKind.UNKNOWN_ADMITTED, "The figures could not be independently verified."),
])
def test_every_kind_of_shaky_sourcing(audit: Analysis, kind: FlagKind, quote: str) -> None:
    hits = [f for f in audit.flags if f.quote.text == quote]
    assert [f.kind for f in hits] == [kind], [(f.kind.value, f.quote.text) for f in audit.flags]
    assert hits[0].why and "\n" not in hits[0].why


def test_anonymity_granted_in_a_relative_clause(audit: Analysis) -> None:
    (flag,) = [f for f in audit.flags if "condition of anonymity" in f.quote.text]
    assert flag.kind is FlagKind.ANONYMOUS_SOURCE
    assert flag.quote.text.startswith("Two council staff members")


def test_claims_rest_on_the_source_that_carries_them(audit: Analysis) -> None:
    def claim(words: str) -> tuple[str | None, Sourcing]:
        (found,) = [c for c in audit.claims if words in c.quote.text]
        return found.claimant, found.sourcing

    assert claim("lost track of $3 million") == ("officials", Sourcing.ANONYMOUS)
    assert claim("ignored early warnings") == ("Critics", Sourcing.VAGUE)
    assert claim("paid into an account") == ("Records", Sourcing.DOCUMENT)
    assert claim("left the country") == ("The Almera Ledger", Sourcing.OUTLET_REPORT)
    assert claim("questioned in May") == ("a report by the Coastal Times",
                                          Sourcing.OUTLET_REPORT)


def test_a_pronoun_is_resolved_to_the_name_before_it() -> None:
    analysis = analyze_text(
        "Harbour master Ana Ruiz met the auditors on Monday. She said the fees had been "
        "paid in full, and the board would publish the accounts in June.\n")
    (claim,) = [c for c in analysis.claims if "paid in full" in c.quote.text]
    assert claim.claimant == "Ana Ruiz" and claim.sourcing is Sourcing.NAMED
    # the quote stays verbatim; the statement stands on its own, the insertion marked
    assert claim.quote.text.startswith("She said the fees")
    assert claim.statement.startswith("[Ana Ruiz] said the fees had been paid in full")
    said = next(a for a in analysis.attributions if a.cue.text == "said")
    assert said.source is not None and said.source.text == "She"


def test_an_unresolved_pronoun_is_typed_pronoun_never_named() -> None:
    analysis = analyze_text("They said the ferry would run all winter, at no extra cost.\n")
    (said,) = analysis.attributions
    assert said.source_type.value == "pronoun"
    (claim,) = analysis.claims
    assert claim.claimant is None and claim.sourcing is not Sourcing.NAMED


def test_a_time_phrase_is_never_the_claimant() -> None:
    analysis = analyze_text(
        "Last week port official David Holmes revealed that the tender had been changed "
        "twice before the vote.\n")
    (claim,) = analysis.claims
    assert claim.claimant == "port official David Holmes"
    assert claim.sourcing is Sourcing.NAMED


def test_an_outlet_the_source_spoke_to_is_a_venue_not_the_speaker() -> None:
    analysis = analyze_text(
        "A doctor at the scene told the Almera Ledger that six people had been hurt.\n")
    (flagged,) = [f for f in analysis.flags if f.kind is FlagKind.ANONYMOUS_SOURCE]
    assert flagged.quote.text.startswith("A doctor at the scene")
    (claim,) = analysis.claims
    assert claim.claimant == "A doctor at the scene" and claim.sourcing is Sourcing.ANONYMOUS


@pytest.mark.parametrize(("sentence", "kind", "by"), [
    ("The ministry did not return a message seeking comment.", DenialKind.NO_COMMENT,
     "The ministry"),
    ("Keel didn't reply to emails.", DenialKind.NO_COMMENT, "Keel"),
    ("No one at the harbour board could be reached on Sunday.", DenialKind.NO_COMMENT,
     "the harbour board"),
    ("Calls to the contractor's office went unanswered.", DenialKind.NO_COMMENT,
     "the contractor's office"),
    ("Messages left for Berg were not returned.", DenialKind.NO_COMMENT, "Berg"),
    ("The port authority had no immediate comment.", DenialKind.NO_COMMENT,
     "The port authority"),
    ("A spokeswoman for the ministry was not immediately available for comment.",
     DenialKind.NO_COMMENT, "A spokeswoman for the ministry"),
    ("The governor's office declined interview requests.", DenialKind.DECLINED,
     "The governor's office"),
    ("Keel has yet to respond to the report.", DenialKind.NO_COMMENT, "Keel"),
    ("The board did not answer written questions from the Ledger.", DenialKind.NO_COMMENT,
     "The board"),
    ("Asked about the payments, Keel said she would not comment on an ongoing inquiry.",
     DenialKind.NO_COMMENT, "Keel"),
    ("The company has remained silent about the payments.", DenialKind.NON_DENIAL,
     "The company"),
    ("There was no immediate response from the harbour board.", DenialKind.NO_COMMENT,
     "the harbour board"),
    ("Efforts to reach the contractor's office were unsuccessful.", DenialKind.NO_COMMENT,
     "the contractor's office"),
    ("Attempts to contact Berg failed on Friday.", DenialKind.NO_COMMENT, "Berg"),
    ("Requests for comment sent to the ministry went unanswered.", DenialKind.NO_COMMENT,
     "the ministry"),
    ("A spokesman for the ministry was not available to comment.", DenialKind.NO_COMMENT,
     "A spokesman for the ministry"),
    ("Keel declined to be interviewed for this article.", DenialKind.DECLINED, "Keel"),
    ("Reached by phone, Keel had nothing to say about the payments.", DenialKind.NO_COMMENT,
     "Keel"),
    ("When reached on Monday, Berg had little to add.", DenialKind.NON_DENIAL, "Berg"),
    ("\u201cNo comment,\u201d Keel said as she left the hearing.", DenialKind.NO_COMMENT,
     "Keel"),
    ("A spokesman said Keel would not comment on the audit.", DenialKind.NO_COMMENT,
     "A spokesman"),
    ("Nobody in the Ruiz campaign returned calls seeking comment.", DenialKind.NO_COMMENT,
     "the Ruiz campaign"),
    ("None of the board's members responded to requests for comment.", DenialKind.NO_COMMENT,
     "the board's members"),
    ("The harbour board has not addressed the audit publicly.", DenialKind.NO_COMMENT,
     "The harbour board"),
])
def test_every_way_of_not_answering(sentence: str, kind: DenialKind, by: str) -> None:
    analysis = analyze_text("Harbour audit\n\n" + sentence + "\n")
    assert [(d.kind, d.by) for d in analysis.denials] == [(kind, by)]


@pytest.mark.parametrize(("sentence", "kind"), [
    ("Caldera Marine denied wrongdoing.", DenialKind.DENIAL),
    ("The ministry denies any involvement in the tender.", DenialKind.DENIAL),
    ("Berg called the accusations baseless.", DenialKind.DENIAL),
    ('The company said the report was "completely false."', DenialKind.DENIAL),
    ("Ruiz dismissed the claims as a smear.", DenialKind.DENIAL),
    ("The contractor insisted it had followed the rules.", DenialKind.DENIAL),
    ('The firm said it "categorically denies" the claims.', DenialKind.DENIAL),
    ('The company said the claims were "without merit."', DenialKind.DENIAL),
    ("\u201cThat's simply not true,\u201d Keel said.", DenialKind.DENIAL),
    ("Berg said he had done nothing wrong.", DenialKind.DENIAL),
    ("The board pushed back on the report, saying it had followed every rule.",
     DenialKind.NON_DENIAL),
    ("Ruiz said the allegations were politically motivated.", DenialKind.NON_DENIAL),
    ("The ministry acknowledged that two payments had been made late.", DenialKind.NON_DENIAL),
    ("Keel pleaded not guilty to both charges on Monday.", DenialKind.DENIAL),
    ("The skipper has maintained his innocence.", DenialKind.DENIAL),
    ("The ministry has said it followed all procedures.", DenialKind.DENIAL),
    ("The port said it had acted appropriately at every stage.", DenialKind.DENIAL),
    ("A spokesman said the audit mischaracterized the board's role.", DenialKind.DENIAL),
    ('Berg\'s lawyer said his client "categorically denies" the claims.', DenialKind.DENIAL),
    ("The company has long maintained that the invoices were not inflated.",
     DenialKind.DENIAL),
    ("Keel's office responded that she never signed the contract.", DenialKind.DENIAL),
    ("The board countered that the report was late, as every audit is.",
     DenialKind.NON_DENIAL),
    ("Keel would only say that the board was reviewing the audit.", DenialKind.NON_DENIAL),
    ("Keel downplayed the auditors' findings on Wednesday.", DenialKind.NON_DENIAL),
    ("The mayor brushed aside questions about the payments.", DenialKind.NON_DENIAL),
    ("Berg shrugged off the criticism.", DenialKind.NON_DENIAL),
    ("Ruiz has stood by her remarks about the harbour board.", DenialKind.NON_DENIAL),
    ("The minister later walked back his comments.", DenialKind.NON_DENIAL),
])
def test_every_way_of_answering(sentence: str, kind: DenialKind) -> None:
    analysis = analyze_text("Harbour audit\n\n" + sentence + "\n")
    assert [d.kind for d in analysis.denials] == [kind]


def test_a_party_that_negates_what_it_is_accused_of_denies_it() -> None:
    analysis = analyze_text(
        "Harbour audit\n\nThe audit accused the Keel Group of inflating its invoices. A "
        "spokesman for the Keel Group said none of the invoices were inflated.\n")
    assert [(d.kind, d.by) for d in analysis.denials] == [
        (DenialKind.DENIAL, "A spokesman for the Keel Group")]


def test_words_beside_an_answer_given_by_deed_answer_too() -> None:
    analysis = analyze_text(
        "Harbour audit\n\nIn response to the Ledger's questions about the donations, Senator "
        "Ana Ruiz returned the money on Friday. \u201cWe acted out of caution,\u201d said Ruiz "
        "campaign manager Jon Berg.\n")
    assert [(d.kind, d.by) for d in analysis.denials] == [
        (DenialKind.NON_DENIAL, "Ana Ruiz"), (DenialKind.NON_DENIAL, "Jon Berg")]


def test_an_accusation_near_an_answer_is_not_an_answer() -> None:
    analysis = analyze_text(
        "Harbour audit\n\nThe mayor accused Ana Ruiz of hiding the audit. Ruiz denied it. "
        "Later that day Ruiz accused the mayor of leaking a draft.\n")
    assert [(d.kind, d.by) for d in analysis.denials] == [(DenialKind.DENIAL, "Ana Ruiz")]


def test_nothing_said_is_not_nothing_to_say() -> None:
    analysis = analyze_text(
        "Harbour audit\n\nNothing the mayor said will calm the neighbours of the port.\n")
    assert analysis.denials == []


def test_an_intention_is_not_a_denial() -> None:
    analysis = analyze_text(
        "Harbour audit\n\nThe harbour master announced that he would not seek a second term. "
        "Keel said she would never have approved the contract.\n")
    assert [(d.kind, d.by) for d in analysis.denials] == [(DenialKind.DENIAL, "Keel")]


@pytest.mark.parametrize("sentence", [
    "Fifty-five percent of the voters said she does not deserve a second term.",
    "Keel told her she did not need a lawyer for the hearing.",
    "Keel said she could not recall the meeting with the contractor.",
])
def test_not_the_speaker_denying_a_fact(sentence: str) -> None:
    analysis = analyze_text("Harbour audit\n\n" + sentence + "\n")
    assert DenialKind.DENIAL not in [d.kind for d in analysis.denials]


@pytest.mark.parametrize("joined", [" but", ", but", " and", ", and"])
def test_a_refusal_and_a_statement_beside_it_are_two_answers(joined: str) -> None:
    analysis = analyze_text(
        "Harbour audit\n\nThe audit accused Marta Keel of approving inflated invoices. Keel "
        f"declined to comment on the invoices{joined} said the board was cooperating with the "
        "auditors.\n")
    assert [(d.kind, d.quote.text) for d in analysis.denials] == [
        (DenialKind.DECLINED, "Keel declined to comment on the invoices"),
        (DenialKind.NON_DENIAL, "said the board was cooperating with the auditors."),
    ]


def test_a_habit_of_not_discussing_is_a_refusal() -> None:
    analysis = analyze_text(
        "Harbour audit\n\nA spokesman for the Keel Group declined to comment, saying the "
        "company does not discuss pending audits.\n")
    assert [d.kind for d in analysis.denials] == [DenialKind.DECLINED]


def test_a_refusal_in_a_relative_clause_is_an_answer_of_its_own() -> None:
    analysis = analyze_text(
        "Harbour audit\n\nMarta Keel, who did not respond to a request for comment, has "
        "denied taking any payments from the contractor.\n")
    assert [(d.kind, d.quote.text) for d in analysis.denials] == [
        (DenialKind.NO_COMMENT, "who did not respond to a request for comment"),
        (DenialKind.DENIAL, "has denied taking any payments from the contractor."),
    ]


def test_a_title_after_the_answer_is_not_its_claim() -> None:
    analysis = analyze_text(
        "Harbour audit\n\nThe board responded with a long essay, entitled \u201cThe port is "
        "not for sale.\u201d\n")
    assert [d.kind for d in analysis.denials] in ([], [DenialKind.NON_DENIAL])


@pytest.mark.parametrize("sentence", [
    "The ferry company sidestepped the new rules by registering abroad.",
    "The mayor stood by her husband's side at the rally.",
    "During the audit, Berg rebuffed several requests for interviews.",
    "The ferry walked back to the harbour after the storm.",
    "Keel said she had nothing bad to say about the new harbour master.",
    "The order came in response to a request by the Almera Ledger.",
    "Caldera Marine maintains close ties with the port authority.",
    "\u201cAlmera doesn't answer the real question,\u201d Keel said.",
])
def test_no_answer_is_given_here(sentence: str) -> None:
    analysis = analyze_text("Harbour audit\n\n" + sentence + "\n")
    assert analysis.denials == []


@pytest.mark.parametrize("sentence", [
    "The council will deny the permit if the fees are not paid.",
    "Officials denied him a hearing before the vote.",
    "A fact is dismissed as opinion in today's politics.",
    "\u201cWe can attempt to deny the way the world works,\u201d the mayor joked.",
    "Residents were told to return their ballots by Friday.",
    "The ministry refused to release the detained fishermen.",
    "The chairman denied Ana Ruiz a hearing before the vote.",
    "Critics insist the harbour is too shallow for the new ferries.",
])
def test_no_answer_where_nobody_answers(sentence: str) -> None:
    assert analyze_text("Harbour audit\n\n" + sentence + "\n").denials == []


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


@pytest.mark.parametrize("sentence", [
    "Harbour master Ana Ruiz said the ferry would run all winter.",
    "The ministry said in a statement that the fees had been paid.",
    "The mayor wants a new vote on the contract.",
    "The board approved the contract on Tuesday by five votes to two.",
    "Some ferries were late on Monday because of the storm.",
    "Other ports have raised their fees as well.",
    "The plan was criticized by the harbour master, Ana Ruiz.",
    "Officials have not said when the berth will reopen.",
    "Brenmouth police said the driver of the ferry had fled.",
    "A passer-by who saw the smoke called 911 at once.",
    "The new berth appears to be the largest on the coast.",
    "There have been no reported problems with the new ferries.",
    "The skipper was accused by Ana Ruiz of falsifying the logs.",
])
def test_nothing_flagged_where_the_source_is_on_the_record(sentence: str) -> None:
    assert analyze_text("Harbour audit\n\n" + sentence + "\n").flags == []


def test_a_spoken_denial_quotes_the_speaker_and_role_whole() -> None:
    analysis = analyze_text("Harbour audit\n\n\u201cThat is not true,\u201d said Tomas Berg, "
                            "a spokesman for the port.\n")
    assert [d.quote.text for d in analysis.denials] == [
        "\u201cThat is not true,\u201d said Tomas Berg, a spokesman for the port."]


def test_a_speaker_after_the_verb_is_the_speaker_not_its_object() -> None:
    analysis = analyze_text(
        "Harbour audit\n\nThe talks stalled over fees, said a person with knowledge of the "
        "talks.\n")
    (said,) = analysis.attributions
    assert said.source is not None
    assert said.source.text == "a person with knowledge of the talks"
    assert said.content.text == "The talks stalled over fees"
    assert [f.kind for f in analysis.flags] == [FlagKind.ANONYMOUS_SOURCE]


def test_having_never_discussed_something_is_no_refusal() -> None:
    analysis = analyze_text("Harbour audit\n\nKeel said she had never discussed the tender "
                            "with the contractor.\n")
    assert [d.kind for d in analysis.denials] == [DenialKind.DENIAL]


def test_a_description_naming_a_body_credits_that_body() -> None:
    analysis = analyze_text("Harbour audit\n\nThe losing bidder, Nordvik Ferries, said it was "
                            "considering a legal challenge to the contract award.\n")
    (claim,) = analysis.claims
    assert claim.claimant == "The losing bidder, Nordvik Ferries"
    assert claim.sourcing is Sourcing.NAMED


def test_confirming_answers_only_from_a_party_to_the_story() -> None:
    party = analyze_text("Harbour audit\n\nAuditors accused the harbour board of hiding "
                         "losses. The harbour board confirmed it had opened an internal "
                         "review.\n")
    assert [d.kind for d in party.denials] == [DenialKind.NON_DENIAL]
    bystander = analyze_text("Harbour audit\n\nThe Brenmouth fire brigade responded and "
                             "confirmed that there was smoke in the engine room.\n")
    assert bystander.denials == []


def test_a_party_s_words_next_to_its_answer_answer_too() -> None:
    analysis = analyze_text(
        "Harbour audit\n\n"
        "Auditors accused Voss Holdings of overcharging the port for dredging.\n\n"
        "Voss Holdings denied the charge on Tuesday. In a letter to the council, Voss Holdings "
        "said the dredging had cost more because of the winter storms.\n\n"
        + "The port handled more cargo than in any year since 1990. " * 3
        + "\n\nThe ferry timetable changes in May. The harbour master said the new berth "
        "would open in June.\n\n"
        + "Tourism rose by 4 percent last summer. " * 3
        + "\n\nVoss Holdings said it would bid for the next contract as well.\n"
    )
    answers = [(d.kind, d.quote.text) for d in analysis.denials]
    assert (DenialKind.DENIAL, "Voss Holdings denied the charge on Tuesday.") in answers
    assert (DenialKind.NON_DENIAL, "Voss Holdings said the dredging had cost more because of "
            "the winter storms.") in answers
    assert not any("next contract" in quote or "new berth" in quote for _, quote in answers)


def test_the_official_after_a_named_official_is_that_official() -> None:
    analysis = analyze_text(
        "Harbour audit\n\nHarbour master Ana Ruiz resigned on Tuesday after the audit.\n\n"
        "The official said the contract had been signed before she took office.\n")
    claim = next(c for c in analysis.claims if "signed before" in c.statement)
    assert (claim.claimant, claim.sourcing) == ("Ana Ruiz", Sourcing.NAMED)
    assert analysis.flags == []


def test_the_official_after_an_unnamed_official_stays_unnamed() -> None:
    analysis = analyze_text(
        "Harbour audit\n\nHarbour master Ana Ruiz resigned on Tuesday after the audit.\n\n"
        "A senior official said the board had known of the losses for a year. The official "
        "said the minutes had been rewritten.\n")
    claim = next(c for c in analysis.claims if "minutes" in c.statement)
    assert claim.sourcing is Sourcing.ANONYMOUS
    assert [f.kind for f in analysis.flags] == [FlagKind.ANONYMOUS_SOURCE] * 2


def test_the_firm_is_the_firm_named_before_it() -> None:
    analysis = analyze_text(
        "Harbour audit\n\nThe contract went to Nordvik Ferries in March.\n\n"
        "The firm said the price reflected rising fuel costs.\n")
    claim = next(c for c in analysis.claims if "fuel" in c.statement)
    assert claim.claimant == "Nordvik Ferries"


def test_a_claimant_is_named_without_the_clause_about_them() -> None:
    analysis = analyze_text(
        "Harbour audit\n\nTom Alder, who runs the island ferry service, said the boats could "
        "carry only 200 passengers.\n")
    (claim,) = analysis.claims
    assert (claim.claimant, claim.sourcing) == ("Tom Alder", Sourcing.NAMED)


def test_he_is_the_last_person_who_was_a_subject_not_the_last_name() -> None:
    analysis = analyze_text(
        "Harbour audit\n\nHarbour master Ana Ruiz met the contractor Tomas Berg twice in May. "
        "She said the meetings had been about the timetable.\n\n"
        "Her deputy, Lena Dahl, questioned Tomas Berg about the fees. She said he had "
        "refused to show her the invoices.\n")
    statements = [c.statement for c in analysis.claims]
    assert "[Ana Ruiz] said the meetings had been about the timetable." in statements
    claim = next(c for c in analysis.claims if "invoices" in c.statement)
    assert claim.claimant == "Lena Dahl"


def test_a_pronoun_skips_a_name_the_article_marks_as_the_other_gender() -> None:
    analysis = analyze_text(
        "Harbour audit\n\nMr. Tomas Berg signed the contract in May. His sister, Ms. Lena "
        "Berg, ran the company until June.\n\n"
        "He said the contract had been approved by the board.\n")
    claim = next(c for c in analysis.claims if "approved by the board" in c.statement)
    assert claim.claimant == "Tomas Berg"


def test_a_lede_s_unnamed_speaker_named_in_the_next_sentence_is_that_person() -> None:
    analysis = analyze_text(
        "Island ferries too small, says transit chief\n\n"
        "A regional transit chief says the new island ferries are too small for summer "
        "crowds.\n\nTom Alder, who runs the coastal bus network, said the boats could carry "
        "only 200 passengers.\n")
    claim = next(c for c in analysis.claims if "too small for summer" in c.statement)
    assert (claim.claimant, claim.sourcing) == ("Tom Alder", Sourcing.NAMED)
    assert analysis.flags == []


def test_an_unnamed_official_in_a_lede_stays_unnamed() -> None:
    analysis = analyze_text(
        "Harbour audit\n\n"
        "A senior official says the harbour board hid its losses.\n\nTom Alder, who runs the "
        "coastal bus network, said the buses would keep running.\n")
    assert [f.kind for f in analysis.flags] == [FlagKind.ANONYMOUS_SOURCE]


def test_according_to_credits_the_main_clause_not_a_participle_after_it() -> None:
    analysis = analyze_text(
        "Harbour audit\n\nThe port authority is investigating Caldera Marine, according to "
        "two people familiar with the matter, adding to a long series of problems that have "
        "turned the ferry operator from a favourite of the council into an outcast.\n")
    claim = next(c for c in analysis.claims if "investigating" in c.statement)
    assert (claim.claimant, claim.sourcing) == ("two people familiar with the matter",
                                                Sourcing.ANONYMOUS)
    assert not any(a.cue.text == "adding" for a in analysis.attributions)


def test_a_participle_after_a_passive_belongs_to_its_agent() -> None:
    analysis = analyze_text(
        "Harbour audit\n\nThe invoice was disowned by Tomas Berg, hinting that it was a "
        "forgery.\n")
    hint = next(a for a in analysis.attributions if a.cue.text == "hinting")
    assert hint.source is not None and hint.source.text == "Tomas Berg"


def test_an_inverted_speaker_the_parser_took_apart_is_still_the_speaker() -> None:
    analysis = analyze_text(
        "Harbour audit\n\nJob cuts will be announced later this week in areas that do not "
        "support the port's core business, said Caldera Marine's recently named executive "
        "chair Marta Keel in an email to staff.\n")
    claim = next(c for c in analysis.claims if "Job cuts" in c.statement)
    assert claim.claimant is not None and claim.claimant.endswith("Marta Keel")
    assert claim.sourcing is Sourcing.NAMED


def test_those_in_favour_are_a_loose_collective() -> None:
    analysis = analyze_text(
        "Harbour audit\n\nThose in favour of a new tender have said that the contract was "
        "rigged from the start.\n")
    assert [f.kind for f in analysis.flags] == [FlagKind.VAGUE_SOURCE]


def test_a_possessor_earlier_in_the_sentence_is_what_he_stands_for() -> None:
    analysis = analyze_text(
        "Harbour audit\n\nMarta Keel chaired the board until May. Tomas Berg's role in the "
        "tender and whether he broke the rules were debated for weeks.\n")
    claim = next(c for c in analysis.claims if "broke the rules" in c.statement)
    assert "[Tomas Berg] broke the rules" in claim.statement


def test_a_parenthetical_speaker_carries_the_clause_around_the_verb() -> None:
    analysis = analyze_text(
        "Harbour audit\n\nThe port's engineers found the fault, Keel said, and \u201cpatched\u201d "
        "the software while the ferries kept sailing throughout the week.\n")
    (claim,) = analysis.claims
    assert (claim.claimant, claim.sourcing) == ("Keel", Sourcing.NAMED)


def test_a_party_s_own_quoted_never_is_a_denial() -> None:
    analysis = analyze_text(
        "Harbour audit\n\nThe minister, Piet Ross, denied the report on Tuesday.\n\n"
        "\u201cI have never discussed a tender with the port,\u201d Ross told Radio Merrow.\n\n"
        + "The ferries carried more cars than in any year since 1990. " * 4
        + "\n\n\u201cWe never expected such a crowd,\u201d said Ana Ruiz, who runs the kiosk.\n")
    answers = [(d.kind, d.by) for d in analysis.denials]
    assert answers == [(DenialKind.DENIAL, "Piet Ross"), (DenialKind.DENIAL, "Piet Ross")]
    assert analysis.denials[1].quote.text.endswith("Ross told Radio Merrow.")


def test_one_of_them_is_as_unnamed_as_the_group() -> None:
    analysis = analyze_text(
        "Harbour audit\n\nTwo officials who spoke on condition of anonymity said the board "
        "had met in secret. One of them said the minutes had been destroyed.\n")
    claim = next(c for c in analysis.claims if "minutes" in c.statement)
    assert claim.sourcing is Sourcing.ANONYMOUS
    assert [f.kind for f in analysis.flags] == [FlagKind.ANONYMOUS_SOURCE] * 2


def test_data_from_a_named_publisher_is_on_the_record() -> None:
    analysis = analyze_text(
        "Harbour audit\n\nFreight volumes fell by a third in May, according to data from "
        "Harbourstat.\n\nAccording to a survey by Coastal Polling, most islanders oppose the "
        "new fee.\n")
    assert {c.sourcing for c in analysis.claims} == {Sourcing.NAMED}
    assert analysis.flags == []


def test_an_office_holder_of_a_named_body_is_on_the_record() -> None:
    analysis = analyze_text(
        "Harbour audit\n\nNorland's ambassador to Brenmouth said the ferry deal was fair.\n\n"
        "The directors of Caldera Marine and the Merrow port authority denied any "
        "wrongdoing.\n")
    claim = next(c for c in analysis.claims if "fair" in c.statement)
    assert claim.sourcing is Sourcing.NAMED
    assert [d.kind for d in analysis.denials] == [DenialKind.DENIAL]
    assert analysis.flags == []


def test_the_author_s_own_voice_credits_no_one_in_the_sentence() -> None:
    analysis = analyze_text(
        "Harbour audit\n\nThe minister put Ana Ruiz in charge of the port in March. Tomas "
        "Berg had been found on the pier at dawn.\n")
    assert analysis.claims, "the article's own statements are claims"
    assert {(c.claimant, c.sourcing) for c in analysis.claims} == {(None, Sourcing.AUTHOR)}


@pytest.mark.parametrize("sentence", [
    "The mayor refused to say that the harbour was safe for the new ferries.",
    "The mayor would not say that the harbour was safe for the new ferries.",
    "Harbour lawyer Ana Ruiz said it was not surprising that the auditors wanted to question "
    "the clerk.",
    "\u201cThe ferries are safe,\u201d said Representative Ana Ruiz, a Brenmouth Democrat.",
])
def test_no_answer_in_a_position_or_a_lawmaker_s_comment(sentence: str) -> None:
    assert analyze_text("Harbour audit\n\n" + sentence + "\n").denials == []


def test_refusing_to_say_whether_is_a_refusal() -> None:
    analysis = analyze_text("Harbour audit\n\nThe mayor refused to say whether the harbour "
                            "was safe for the new ferries.\n")
    assert [d.kind for d in analysis.denials] == [DenialKind.DECLINED]


def test_a_firm_saying_it_did_not_is_a_denial() -> None:
    analysis = analyze_text("Harbour audit\n\nNordvik Ferries said it had not overcharged "
                            "the port.\n")
    assert [d.kind for d in analysis.denials] == [DenialKind.DENIAL]


def test_an_ally_or_a_loose_group_near_an_answer_is_no_party_answering() -> None:
    analysis = analyze_text(
        "Harbour audit\n\nMarta Keel declined to comment on the audit. \u201cMarta is a "
        "longtime friend of mine,\u201d said Keel ally Tomas Berg. Some of Keel's allies said "
        "they had expected the audit to be harsh.\n")
    assert [d.kind for d in analysis.denials] == [DenialKind.DECLINED]


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


def test_nothing_flagged_for_a_tally_by_a_named_body() -> None:
    analysis = analyze_text("Harbour audit\n\nRuiz won 61 percent of the vote, according to "
                            "a tally by the Brenmouth election office.\n")
    assert analysis.flags == []


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


def test_a_look_at_the_figures_is_no_unnamed_source() -> None:
    analysis = analyze_text("Harbour audit\n\nA close look at the harbour's accounts suggests "
                            "that the fees doubled in two years.\n")
    assert analysis.flags == []


def test_the_second_official_is_not_the_official_named_before() -> None:
    analysis = analyze_text(
        "Harbour audit\n\nHarbour master Ana Ruiz said the fees would rise in May.\n\n"
        "The board had not been told, said the second official.\n")
    assert [f.kind for f in analysis.flags] == [FlagKind.ANONYMOUS_SOURCE]


@pytest.mark.parametrize("sentence", [
    "Handwritten ledgers showing six cash payments to the clerk were found in the office.",
    "The documents, obtained by the Ledger through a records request, list six payments.",
    "Her letter, emailed to the board on Thursday and obtained by the Ledger, asks for a "
    "new vote.",
])
def test_a_document_the_outlet_has_but_does_not_publish(sentence: str) -> None:
    analysis = analyze_text("Harbour audit\n\n" + sentence + "\n")
    assert FlagKind.UNNAMED_DOCUMENT in [f.kind for f in analysis.flags]


def test_a_letter_sent_to_someone_is_no_document_the_outlet_has() -> None:
    analysis = analyze_text("Harbour audit\n\nThe clerk wrote a letter to the board on "
                            "Thursday asking for a new vote.\n")
    assert analysis.flags == []


@pytest.mark.parametrize("sentence", [
    "The new fee would not go to waste, the mayor promised.",
    "Keel does not identify with the island's fishermen.",
    "The harbour board has not addressed the rising cost of dredging.",
    "The union will strike unless the minister disavows the report.",
    "Marta Keel said it would not happen again if the board kept its word.",
    "Senator Ana Ruiz defended Keel in a radio interview on Monday.",
    "Ruiz has long defended Brenmouth's ban on night ferries.",
])
def test_no_answer_in_a_habit_a_condition_or_someone_else_s_defence(sentence: str) -> None:
    assert analyze_text("Harbour audit\n\n" + sentence + "\n").denials == []


@pytest.mark.parametrize(("sentence", "kind"), [
    ("The harbour board has not addressed the allegations.", DenialKind.NO_COMMENT),
    ("A port spokesman said the agency does not comment on individual contracts.",
     DenialKind.NO_COMMENT),
    ("Keel admitted that the figure in her report was inaccurate.", DenialKind.NON_DENIAL),
    ("Keel defended her handling of the tender.", DenialKind.NON_DENIAL),
])
def test_more_ways_of_answering(sentence: str, kind: DenialKind) -> None:
    analysis = analyze_text("Harbour audit\n\n" + sentence + "\n")
    assert [d.kind for d in analysis.denials] == [kind]


def test_the_article_s_own_outlet_is_no_secondary_report() -> None:
    own = analyze_text(
        "Harbour audit\n\nThe port paid the clerk twice, a Ledger analysis found. The harbour "
        "board did not respond to the Ledger's questions.\n")
    assert FlagKind.SECONDARY_REPORT not in [f.kind for f in own.flags]
    other = analyze_text(
        "Harbour audit\n\nThe port paid the clerk twice, a Ledger analysis found. The harbour "
        "board did not respond to the Gazette's questions.\n")
    assert FlagKind.SECONDARY_REPORT in [f.kind for f in other.flags]


@pytest.mark.parametrize("sentence", [
    "Multiple operatives expressed skepticism that the ferry would sail on time.",
    "Island business leaders decried the new fee.",
    "Fishing groups condemned the plan to close the harbour.",
])
def test_a_loose_group_s_view_is_flagged(sentence: str) -> None:
    analysis = analyze_text("Harbour audit\n\n" + sentence + "\n")
    assert [f.kind for f in analysis.flags] == [FlagKind.VAGUE_SOURCE]


def test_a_group_the_article_has_pinned_down_is_not_loose() -> None:
    analysis = analyze_text("Harbour audit\n\nThe harbour board's leaders decried the new "
                            "fee.\n")
    assert analysis.flags == []


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


def test_an_accuser_named_after_a_clause_is_named() -> None:
    analysis = analyze_text("Harbour audit\n\nThe skipper was accused by Ana Ruiz, the "
                            "harbour master, of falsifying the logs.\n")
    assert analysis.flags == []


@pytest.mark.parametrize(("sentence", "kind"), [
    ("Keel responded on Sunday to accusations that she had hidden the losses.",
     DenialKind.NON_DENIAL),
    ("Keel chose not to respond to the accusations.", DenialKind.DECLINED),
    ("Asked about the allegations, Keel said the board would publish its accounts.",
     DenialKind.NON_DENIAL),
])
def test_answering_an_allegation_by_name(sentence: str, kind: DenialKind) -> None:
    analysis = analyze_text("Harbour audit\n\n" + sentence + "\n")
    assert [d.kind for d in analysis.denials] == [kind]


def test_being_asked_about_something_else_is_no_answer() -> None:
    analysis = analyze_text("Harbour audit\n\nAsked about the timetable, Marta Keel said the "
                            "ferry would sail at noon.\n")
    assert analysis.denials == []


@pytest.mark.parametrize(("sentence", "kind"), [
    ("Opposition strategists are skeptical of the new timetable.", FlagKind.VAGUE_SOURCE),
    ("According to The Federalist, the clerk left the country in June.",
     FlagKind.SECONDARY_REPORT),
])
def test_unnamed_insiders_feelings_and_more_outlets(sentence: str, kind: FlagKind) -> None:
    analysis = analyze_text("Harbour audit\n\n" + sentence + "\n")
    assert [f.kind for f in analysis.flags] == [kind]


def test_a_party_s_words_near_a_non_denial_are_not_taken_as_answers() -> None:
    analysis = analyze_text(
        "Harbour audit\n\nMarta Keel acknowledged that two payments had been made late. "
        "Keel said the new ferry timetable would start in May.\n")
    assert [d.kind for d in analysis.denials] == [DenialKind.NON_DENIAL]
    assert "timetable" not in analysis.denials[0].quote.text


def test_something_done_in_response_to_questions_answers() -> None:
    analysis = analyze_text("Harbour audit\n\nIn response to the Ledger's questions about the "
                            "payments, the harbour board repaid 40,000 euros to the port.\n")
    assert [d.kind for d in analysis.denials] == [DenialKind.NON_DENIAL]
    unprompted = analyze_text("Harbour audit\n\nIn response to the storm, the harbour board "
                              "closed the port for two days.\n")
    assert unprompted.denials == []


def test_not_thinking_what_was_put_to_you_is_a_denial() -> None:
    analysis = analyze_text("Harbour audit\n\nKeel said she does not think the new fees will "
                            "hurt the island's ferry trade.\n")
    assert [d.kind for d in analysis.denials] == [DenialKind.DENIAL]
    unsure = analyze_text("Harbour audit\n\nKeel said she did not know whether the fees "
                          "had been paid.\n")
    assert DenialKind.DENIAL not in [d.kind for d in unsure.denials]
