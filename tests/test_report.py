"""The plain-text report's denial line: who answered, how, and where, said once."""

from __future__ import annotations

from bot.models import Denial, DenialKind, Span
from bot.report import denial_line

QUOTE = Span(text="Norland has stayed silent on the accusations.", start=0, end=45)


def denial(by: str, role: str | None, organization: str | None, **extra: object) -> Denial:
    return Denial.model_validate(
        {"id": "d1", "by": by, "role": role, "organization": organization, "official": True,
         "quote": QUOTE, **extra}
    )


def test_an_organisation_that_is_the_speaker_is_not_repeated() -> None:
    line = denial_line(denial("Norland", None, "Norland", kind=DenialKind.NON_DENIAL))
    assert line == "Norland (official) — non-denial, first-hand"


def test_parts_already_in_the_name_are_not_repeated() -> None:
    line = denial_line(denial(
        "the directors of the Harbour Board and the Port Police", "directors",
        "the Harbour Board and the Port Police", firsthand=False,
    ))
    assert line == (
        "the directors of the Harbour Board and the Port Police (official) — denial, reported"
    )


def test_role_and_organisation_beside_a_person_stay() -> None:
    line = denial_line(denial(
        "Maria Olsen", "chief engineer", "Port Authority", venue="Harbor Gazette",
    ))
    assert line == (
        "Maria Olsen (chief engineer, Port Authority, official) — denial, first-hand, "
        "to Harbor Gazette"
    )


def test_a_word_inside_another_word_is_not_a_repeat() -> None:
    line = denial_line(denial("The Portland embassy", "Port", None))
    assert line.startswith("The Portland embassy (Port, official)")
