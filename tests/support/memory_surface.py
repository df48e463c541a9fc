"""An in-memory chat platform for scenario tests: the core's `Surface`, no network.

Like errbot's test backend: a scenario reads as the chat would ("ana runs a check; the
bot shows it; bea presses Discuss; ana says False"), and the test asserts on what the
channel now shows. Messages are plain text made from the core's records only, so these
scenarios test the core's workflow, not a platform's rendering.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from bot.digest import Digest
from bot.records import Actor, CheckResult, FlaggedClaim, Place, Team, TeamSettings, ThreadRef
from bot.surface import FullAnalysis, Note, NoteKind, queued_text


@dataclass
class Shown:
    """One message as the channel shows it now."""

    channel: str
    text: str
    thread: str | None = None  # the message it replies to
    edits: int = 0


@dataclass
class MemorySurface:
    channel: str = "C-NEWS"
    messages: dict[str, Shown] = field(default_factory=dict)
    fail: set[str] = field(default_factory=set)  # methods that fail, to test best effort
    groups: dict[str, set[str]] = field(default_factory=dict)  # verdict groups' members
    files: list[FullAnalysis] = field(default_factory=list)  # full analyses attached
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    @property
    def landing(self) -> Place | None:
        return None

    def _post(self, text: str, thread: str | None = None) -> str:
        message_id = f"m{next(self._ids)}"
        self.messages[message_id] = Shown(self.channel, text, thread)
        return message_id

    def _failing(self, method: str) -> None:
        if method in self.fail:
            raise ConnectionError(f"{method} failed")

    def in_thread(self, thread: str) -> list[str]:
        return [m.text for m in self.messages.values() if m.thread == thread]

    async def show_check(self, result: CheckResult) -> Place | None:
        self._failing("show_check")
        message_id = self._post(render(result))
        return Place(channel=self.channel, message=message_id, url=f"memory://{message_id}")

    async def show_queued(self, position: int) -> None:
        self._post(queued_text(position))

    async def refresh_check(self, view: CheckResult) -> None:
        self._failing("refresh_check")
        place = view.check.result_message if view.check else None
        assert place is not None and place.message in self.messages
        shown = self.messages[place.message]
        shown.text, shown.edits = render(view), shown.edits + 1

    async def open_thread(self, claim: FlaggedClaim, who: Actor, analysis: Place | None
                          ) -> ThreadRef:
        self._failing("open_thread")
        card = self._post(card_text(claim, analysis))
        return ThreadRef(platform="memory", channel=self.channel, thread=card,
                         url=f"memory://{card}")

    async def update_card(self, claim: FlaggedClaim, analysis: Place | None) -> None:
        self._failing("update_card")
        assert claim.thread is not None
        shown = self.messages[claim.thread.thread]
        shown.text, shown.edits = card_text(claim, analysis), shown.edits + 1

    async def post_note(self, claim: FlaggedClaim, note: Note) -> None:
        self._failing("post_note")
        assert claim.thread is not None
        if note.kind is NoteKind.OPENED:
            text = f"{note.who.label} opened this discussion."
        elif note.kind is NoteKind.REOPENED:
            text = f"{note.who.label} reopened this claim."
        else:
            text = f"{note.who.label} set the verdict: {claim.status.label}."
            reason = claim.history[-1].note if claim.history else None
            if reason:
                text += f" Why: {reason}"
        self._post(text, claim.thread.thread)

    async def post_digest(self, team: Team, settings: TeamSettings, digest: Digest) -> None:
        self._failing("post_digest")
        self._post(f"Digest: {digest.checks} checks")


    async def show_full(self, view: CheckResult, document: FullAnalysis) -> None:
        self._failing("show_full")
        self.files.append(document)
        place = view.check.result_message if view.check else None
        self._post(f"File: {document.filename}", place.message if place else None)

    async def may_set_verdicts(self, who: Actor, group: str) -> bool:
        return who.id in self.groups.get(group, set())


def render(result: CheckResult) -> str:
    lines = [f"{len(result.analysis.claims)} claims, {len(result.flagged)} to verify"]
    for item in result.flagged:
        thread = f" (thread {item.claim.thread.thread})" if item.claim.thread else ""
        lines.append(f"- {item.claim.quote} [{item.claim.status.label}]{thread}")
    return "\n".join(lines)


def card_text(claim: FlaggedClaim, analysis: Place | None) -> str:
    back = f" (from {analysis.url})" if analysis is not None else ""
    return f"Claim: {claim.quote} [{claim.status.label}]{back}"
