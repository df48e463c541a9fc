"""Who a claim rests on, on our own invented sentences: pronouns, titles and "the firm"
resolved to a name before them, ledes, parentheticals, participles and inverted speakers,
the unnamed kept unnamed, and the author's own voice."""

from __future__ import annotations

from bot.models import FlagKind, Sourcing
from tests.support.analyzers import analyze_text


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


def test_a_time_phrase_the_parser_took_into_the_name_is_left_out() -> None:
    analysis = analyze_text(
        "Harbour audit\n\nLast month board member Ana Ruiz revealed that the ferry had been "
        "sold.\n")
    (revealed,) = analysis.attributions
    assert revealed.source is not None and revealed.source.text == "board member Ana Ruiz"
    assert revealed.source_type.value == "named"


def test_a_speaker_the_parser_took_into_the_quote_is_the_speaker() -> None:
    analysis = analyze_text(
        "Harbour audit\n\n\"We are confident,\" the board's chief executive, Ana Ruiz, told "
        "the Ledger.\n")
    (told,) = analysis.attributions
    assert told.source is not None
    assert told.source.text == "the board's chief executive, Ana Ruiz"
    assert told.content.text == '"We are confident,"'


def test_an_outlet_the_source_spoke_to_is_a_venue_not_the_speaker() -> None:
    analysis = analyze_text(
        "A doctor at the scene told the Almera Ledger that six people had been hurt.\n")
    (flagged,) = [f for f in analysis.flags if f.kind is FlagKind.ANONYMOUS_SOURCE]
    assert flagged.quote.text.startswith("A doctor at the scene")
    (claim,) = analysis.claims
    assert claim.claimant == "A doctor at the scene" and claim.sourcing is Sourcing.ANONYMOUS


def test_a_speaker_after_the_verb_is_the_speaker_not_its_object() -> None:
    analysis = analyze_text(
        "Harbour audit\n\nThe talks stalled over fees, said a person with knowledge of the "
        "talks.\n")
    (said,) = analysis.attributions
    assert said.source is not None
    assert said.source.text == "a person with knowledge of the talks"
    assert said.content.text == "The talks stalled over fees"
    assert [f.kind for f in analysis.flags] == [FlagKind.ANONYMOUS_SOURCE]


def test_a_description_naming_a_body_credits_that_body() -> None:
    analysis = analyze_text("Harbour audit\n\nThe losing bidder, Nordvik Ferries, said it was "
                            "considering a legal challenge to the contract award.\n")
    (claim,) = analysis.claims
    assert claim.claimant == "The losing bidder, Nordvik Ferries"
    assert claim.sourcing is Sourcing.NAMED


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


def test_one_of_them_is_as_unnamed_as_the_group() -> None:
    analysis = analyze_text(
        "Harbour audit\n\nTwo officials who spoke on condition of anonymity said the board "
        "had met in secret. One of them said the minutes had been destroyed.\n")
    claim = next(c for c in analysis.claims if "minutes" in c.statement)
    assert claim.sourcing is Sourcing.ANONYMOUS
    assert [f.kind for f in analysis.flags] == [FlagKind.ANONYMOUS_SOURCE] * 2


def test_the_author_s_own_voice_credits_no_one_in_the_sentence() -> None:
    analysis = analyze_text(
        "Harbour audit\n\nThe minister put Ana Ruiz in charge of the port in March. Tomas "
        "Berg had been found on the pier at dawn.\n")
    assert analysis.claims, "the article's own statements are claims"
    assert {(c.claimant, c.sourcing) for c in analysis.claims} == {(None, Sourcing.AUTHOR)}


def test_a_name_with_an_age_or_a_role_beside_it_is_a_person() -> None:
    for text in ("Keel, 54, said the ferry would run.",
                 "Keel, the board's chair since 2019, said the ferry would run."):
        (said,) = analyze_text("Harbour audit\n\n" + text + "\n").attributions
        assert said.source_type.value == "named", text


def test_the_focus_of_a_cleft_is_the_claimant() -> None:
    for text, claimant, sourcing in [
        ("It was Ana Ruiz who said the contract had been signed in March.\n", "Ana Ruiz",
         Sourcing.NAMED),
        ("It was a senior official who first claimed that the second payment was lawful.\n",
         "a senior official", Sourcing.ANONYMOUS),
    ]:
        (claim,) = analyze_text(text).claims
        assert (claim.claimant, claim.sourcing) == (claimant, sourcing), text


def test_a_pronoun_in_a_quotation_is_left_as_the_speaker_wrote_it() -> None:
    analysis = analyze_text(
        "Transport minister Ana Ruiz faces questions over the ferry contract. "
        "\"If the minister has nothing to hide, she should publish every email,\" opposition "
        "leader Marta Keel told reporters.\n")
    (claim,) = [c for c in analysis.claims if "publish every email" in c.quote.text]
    assert claim.claimant is not None and claim.claimant.endswith("Marta Keel")
    assert "she should publish" in claim.statement and "[" not in claim.statement


def test_she_after_a_lawyer_named_in_apposition_is_the_lawyer() -> None:
    analysis = analyze_text(
        "Ferry collision\n\nThe ferry's captain has been charged with reckless navigation. His "
        "lawyer, Ines Varga, said her client \"maintains his innocence.\" \"Captain Holm has "
        "thirty years of experience and a spotless record,\" she said.\n")
    (claim,) = [c for c in analysis.claims if "spotless" in c.quote.text]
    assert (claim.claimant, claim.sourcing) == ("Ines Varga", Sourcing.NAMED)
