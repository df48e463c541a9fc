"""The verdict and thread workflow: who may set a verdict, saving it, and showing it
everywhere it appears (the claim's card, each shown analysis, a note in its thread); the
claim's one discussion thread. Saving decides; showing is best effort, each place on its
own, and the outcome says which could not be shown."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from bot.desk_reads import DeskReads
from bot.errors import CheckError, NotAllowedError, StorageUnavailableError
from bot.ops import metrics
from bot.records import Actor, CheckResult, ClaimStatus, FlaggedClaim, Place, Team, ThreadRef
from bot.redis_conn import storage_fault
from bot.stored import described, fault_of, stored, verdict_not_saved
from bot.surface import Discussion, Note, NoteKind, Surface, VerdictOutcome

log = logging.getLogger(__name__)

NOT_A_VERDICT_SETTER = (
    "Only the team's fact-checkers can set verdicts here (the group chosen in factdesk's "
    "settings). You can still discuss the claim in its thread."
)
REASON_CHARS = 300  # a verdict's reason, as stored


class VerdictWorkflow(DeskReads):
    """Verdicts and threads, for `bot.service.Service`."""

    async def set_verdict(
        self, team: Team, claim_id: str, status: ClaimStatus, who: Actor, note: str | None = None
    ) -> FlaggedClaim:
        """Record a verdict; returns only once Redis has it (else StorageUnavailableError)."""
        try:
            return await self.desk.set_verdict(team, claim_id, status, who, note)
        except Exception as exc:
            fault = storage_fault(exc)
            if fault is None:
                raise
            metrics.count_error("verdict_not_saved")
            log.warning("verdict on %s not saved: %s (%s)", claim_id, described(fault),
                        type(exc).__name__)
            raise StorageUnavailableError(verdict_not_saved(fault)) from exc

    async def verdict(self, team: Team, claim_id: str, status: ClaimStatus, who: Actor,
                      surface: Surface, note: str | None = None) -> VerdictOutcome:
        """Save the verdict (else StorageUnavailableError), then show it everywhere: the
        claim's card, every shown analysis of it, a note in its thread. Each of those is
        on its own: one failing (a deleted message, an archived channel) is logged and
        the others still run; the outcome says which could not be shown."""
        await self.check_verdict_right(team, who, surface)
        reason = " ".join((note or "").split())[:REASON_CHARS] or None
        claim = await self.set_verdict(team, claim_id, status, who, reason)
        # saved: from here on nothing may read as "not saved", whatever fails to show it
        views = await self._showing(team, claim.id)
        analysis = _first_place(views)
        card_missed = not await _shown(f"the card of claim {claim.id}",
                                       surface.update_card(claim, analysis))
        analyses_missed = await self._refresh(surface, views)
        kind = NoteKind.REOPENED if status is ClaimStatus.OPEN else NoteKind.VERDICT
        note_missed = not await _shown(f"the verdict note of claim {claim.id}",
                                       surface.post_note(claim, Note(kind, who)))
        return VerdictOutcome.of(claim, card_missed, analyses_missed, note_missed)

    async def check_verdict_right(self, team: Team, who: Actor, surface: Surface) -> None:
        """Refuse (NotAllowedError) whoever is outside the team's verdict group, if it has
        one; asked of the platform at every press, so a change counts at once."""
        try:
            group = (await self.team_settings(team)).verdict_group
        except StorageUnavailableError as exc:  # then the verdict could not be saved
            raise StorageUnavailableError(verdict_not_saved(fault_of(exc))) from exc
        if group and not await surface.may_set_verdicts(who, group):
            raise NotAllowedError(NOT_A_VERDICT_SETTER)

    async def discuss(self, team: Team, claim_id: str, who: Actor, surface: Surface
                      ) -> Discussion:
        """The claim's one thread: the existing one, or one the surface opens now, after
        which every shown analysis of the claim is refreshed to link it."""

        opened: list[FlaggedClaim] = []

        async def create(claim: FlaggedClaim) -> ThreadRef:
            views = await self._showing(team, claim.id)
            ref = (await surface.open_thread(claim, who, _first_place(views))).model_copy(
                update={"opened_by": who})
            opened.append(claim.model_copy(update={"thread": ref}))
            return ref

        thread, created = await self.open_thread(team, claim_id, create)
        if created and opened:
            await self._refresh(surface, await self._showing(team, claim_id))
            await _shown(f"the opening note of claim {claim_id}",
                         surface.post_note(opened[0], Note(NoteKind.OPENED, who)))
        return Discussion(thread, created)

    async def _showing(self, team: Team, claim_id: str) -> list[CheckResult]:
        """The shown analyses of a claim; none (logged) if the desk cannot say."""
        try:
            return await self.checks_showing(team, claim_id)
        except CheckError as exc:  # the analyses catch up on the next verdict
            log.warning("cannot list the analyses showing %s: %s", claim_id,
                        type(exc).__name__)
            return []

    async def _refresh(self, surface: Surface, views: list[CheckResult]) -> int:
        """Refresh each shown analysis; how many could not be."""
        missed = 0
        for view in views:
            place = view.check.result_message if view.check else None
            if place is None or not place.message:
                continue
            if not await _shown(f"analysis {place.message} in {place.channel}",
                                surface.refresh_check(view)):
                missed += 1
        return missed

    async def thread_for(self, team: Team, claim_id: str) -> ThreadRef | None:
        return (await self.claim(team, claim_id)).thread

    async def open_thread(
        self, team: Team, claim_id: str, create: Callable[[FlaggedClaim], Awaitable[ThreadRef]]
    ) -> tuple[ThreadRef, bool]:
        """The claim's one thread for this team: the existing one, or one `create` makes."""
        return await stored(self.desk.open_thread(team, claim_id, create))


async def _shown(what: str, step: Awaitable[object]) -> bool:
    """Run one best-effort step of showing something saved; False (logged) if it failed."""
    try:
        await step
    except CheckError as exc:
        log.warning("saved, but %s not updated: %s", what, type(exc).__name__)
        return False
    except Exception as exc:
        log.warning("saved, but %s not updated (%s)", what, type(exc).__name__, exc_info=exc)
        return False
    return True


def _first_place(views: list[CheckResult]) -> Place | None:
    for view in views:
        place = view.check.result_message if view.check else None
        if place is not None and place.message:
            return place
    return None
