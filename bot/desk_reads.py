"""What the team's desk holds, read for the handlers: past checks as they stand now,
flagged claims, digests and the team's settings. Storage faults become `CheckError`s with
the words of `bot.stored`."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.claim_matching import with_earlier
from bot.desk import Desk, UnknownClaimError
from bot.digest import Digest, build_digest
from bot.errors import CheckError
from bot.full_report import filename, full_markdown
from bot.presentation import title_of
from bot.records import CheckResult, ClaimStatus, FlaggedClaim, FlaggedItem, Team, TeamSettings
from bot.scheduler import delivery_notice
from bot.stored import stored
from bot.surface import FullAnalysis, Surface
from bot.windows import resolve_window

CHECK_GONE = ("That analysis is no longer on this team's desk (or was never saved). Run "
              "/factcheck on the article again.")


class DeskReads:
    """The reading half of `bot.service.Service`."""

    desk: Desk

    # ------------------------------------------------------------------ checks

    async def check_view(self, team: Team, check_id: str) -> CheckResult | None:
        """A past check as it stands now (current verdicts), for re-rendering its message."""
        record = await stored(self.desk.check(team, check_id))
        if record is None:
            return None
        analysis = await stored(self.desk.analysis(team, record.analysis_key))
        if analysis is None:
            return None
        claims = {c.id: c for c in await stored(self.desk.claims(team, record.claim_ids))}
        items = [
            FlaggedItem(item_id=sighting.item_id, claim=claim)
            for claim in claims.values()
            for sighting in claim.sightings
            if sighting.check_id == check_id
        ]
        items = await stored(with_earlier(self.desk, team, items))
        return CheckResult(analysis=analysis, check=record, flagged=items)

    async def full_analysis(self, team: Team, check_id: str, surface: Surface
                            ) -> FullAnalysis:
        """A check's complete analysis as it stands now (current verdicts and threads),
        shown on `surface`: the Markdown file, and the platform's paged view."""
        view = await self.check_view(team, check_id)
        if view is None:
            raise CheckError(CHECK_GONE)
        document = FullAnalysis(filename(view), f"Full analysis: {title_of(view.analysis)}",
                                full_markdown(view))
        await surface.show_full(view, document)
        return document

    async def checks_showing(self, team: Team, claim_id: str, limit: int = 3
                             ) -> list[CheckResult]:
        """The latest checks whose posted analysis shows this claim, newest first."""
        claim = await self.claim(team, claim_id)
        seen: list[str] = []
        for sighting in reversed(claim.sightings):
            if sighting.check_id not in seen:
                seen.append(sighting.check_id)
        views: list[CheckResult] = []
        for check_id in seen:
            view = await self.check_view(team, check_id)
            if view is not None and view.check is not None and view.check.result_message:
                views.append(view)
                if len(views) == limit:
                    break
        return views

    # ------------------------------------------------------------------ claims

    async def claim(self, team: Team, claim_id: str) -> FlaggedClaim:
        found = await stored(self.desk.claim(team, claim_id))
        if found is None:
            raise UnknownClaimError()
        return found

    async def claims(self, team: Team, status: ClaimStatus | None = None) -> list[FlaggedClaim]:
        """The team's flagged claims, oldest first, optionally of one status."""
        ids = await stored(self.desk.claim_ids(team))
        found = await stored(self.desk.claims(team, ids))
        return [c for c in found if status is None or c.status is status]

    # ------------------------------------------------------------------- digests

    async def digest(self, team: Team, window: str = "24h", now: datetime | None = None
                     ) -> Digest:
        """The team's digest for a named window (today, yesterday, 24h, 7d, …)."""
        settings = await self.team_settings(team)
        start, end = resolve_window(window, settings, now or datetime.now(UTC))
        return await self.digest_window(team, start, end)

    async def digest_window(self, team: Team, start: datetime, end: datetime) -> Digest:
        return await stored(build_digest(self.desk, team, start, end))

    # ------------------------------------------------------------------ settings

    async def team_settings(self, team: Team) -> TeamSettings:
        return await stored(self.desk.settings(team))

    async def save_team_settings(self, team: Team, settings: TeamSettings) -> None:
        await stored(self.desk.save_settings(team, settings))

    async def delivery_notice(self, team: Team, settings: TeamSettings) -> str | None:
        """The warning line for the settings answers while the digest cannot be posted."""
        return await stored(delivery_notice(self.desk, team, settings))
