"""What the core asks of a chat platform: the `Surface` each platform implements.

The service runs the chat workflow (check → show → record; discuss → thread → refresh;
verdict → save → refresh everywhere → note) through a surface, so the steps and their
order are written once, here and in `bot.service`, for every platform. A surface is made
by a handler for the event it handles (it knows the message pressed, the placeholder
posted, the interaction to answer); what it does is only rendering and sending.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from bot.digest import Digest
from bot.records import Actor, CheckResult, FlaggedClaim, Place, Team, TeamSettings, ThreadRef


@dataclass(frozen=True)
class FullAnalysis:
    """A check's complete analysis as a Markdown file (`bot.full_report`)."""

    filename: str
    title: str
    markdown: str


def queued_text(position: int) -> str:
    """What a check says while it waits in a busy analysis queue."""
    return (f"factdesk is busy: your check is queued as #{position}. Its analysis will "
            "appear here when it is done.")


class NoteKind(StrEnum):
    OPENED = "opened"  # the discussion was opened
    VERDICT = "verdict"  # a verdict was set (the claim's latest history entry)
    REOPENED = "reopened"  # the claim was returned to open


@dataclass(frozen=True)
class Note:
    """Something said in a claim's thread, on behalf of the person who did it."""

    kind: NoteKind
    who: Actor


class Surface(Protocol):
    """One platform as the core drives it. Every method may raise the platform's own
    errors; the service decides which steps are best-effort."""

    @property
    def landing(self) -> Place | None:
        """Where a check's answer will land when known before it is shown (a placeholder
        to be replaced), so it is recorded before anyone can press its buttons."""
        ...

    async def show_check(self, result: CheckResult) -> Place | None:
        """Show a check's result; where it landed (None if it has no buttons to update)."""
        ...

    async def show_queued(self, position: int) -> None:
        """Say the analysis waits in a busy queue, as check number `position`."""
        ...

    async def refresh_check(self, view: CheckResult) -> None:
        """Re-render a shown check (`view.check.result_message`) as it stands now."""
        ...

    async def open_thread(self, claim: FlaggedClaim, who: Actor, analysis: Place | None
                          ) -> ThreadRef:
        """Start the claim's discussion: its card, and the thread it is in (`analysis`:
        the latest shown analysis of the claim, when the press was not on one)."""
        ...

    async def update_card(self, claim: FlaggedClaim, analysis: Place | None) -> None:
        """Show the claim's current verdict on its card (`analysis`: a shown check)."""
        ...

    async def post_note(self, claim: FlaggedClaim, note: Note) -> None:
        """Say in the claim's thread what someone did (opened it, set its verdict)."""
        ...

    async def post_digest(self, team: Team, settings: TeamSettings, digest: Digest) -> None:
        """Post the team's digest in its digest channel."""
        ...

    async def show_full(self, view: CheckResult, document: FullAnalysis) -> None:
        """Show a check's complete analysis: `document` as a file in the channel and,
        where the platform has one, a paged view from which every flagged item can be
        discussed."""
        ...

    async def may_set_verdicts(self, who: Actor, group: str) -> bool:
        """Whether `who` is in the team's verdict group (a user group, a role) now."""
        ...


@dataclass(frozen=True)
class VerdictOutcome:
    """A saved verdict, and what could not be updated to show it."""

    claim: FlaggedClaim
    card_missed: bool = False
    analyses_missed: int = 0
    note_missed: bool = False
    missed: list[str] = field(default_factory=list)  # in words, for the person who pressed

    @classmethod
    def of(cls, claim: FlaggedClaim, card: bool, analyses: int, note: bool) -> VerdictOutcome:
        missed: list[str] = []
        if card:
            missed.append("the claim message")
        if analyses:
            missed.append("1 analysis showing it" if analyses == 1
                          else f"{analyses} analyses showing it")
        if note:
            missed.append("the note in the claim's thread")
        return cls(claim, card, analyses, note, missed)


@dataclass(frozen=True)
class Discussion:
    """The claim's thread, and whether this press opened it."""

    thread: ThreadRef
    created: bool
