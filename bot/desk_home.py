"""The desk at a glance, for one reader: what is open, what they opened, what came in.

What Slack's App Home tab and Discord's `/factcheck-desk` show: the claims still open,
oldest first; the reader's own open discussions (the threads they opened); the latest
checks; and the verdicts given this week (since Monday 00:00 in the team's time zone),
counted by status. Built from the desk's indexes in two round trips (the indexes, then
the records listed), so its cost follows what is shown, not the size of the desk — except
the week's verdicts, which are counted from their index members (the status is in each).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from typing import TYPE_CHECKING

from bot import keys
from bot.desk import VerdictRef
from bot.records import Actor, CheckRecord, ClaimStatus, FlaggedClaim, Team
from bot.stored import stored
from bot.windows import zone

if TYPE_CHECKING:
    from bot.desk import Desk
    from bot.service import Service

OPEN_SHOWN = 10
MINE_SHOWN = 10
MINE_SCANNED = 50  # the reader's latest discussions looked at for open ones
LATEST_SHOWN = 5


@dataclass(frozen=True)
class DeskGlance:
    team: Team
    reader: Actor
    week_start: datetime
    open_total: int = 0
    open_claims: list[FlaggedClaim] = field(default_factory=list)  # oldest first
    mine: list[FlaggedClaim] = field(default_factory=list)  # newest opened first, open
    latest_checks: list[CheckRecord] = field(default_factory=list)  # newest first
    week_counts: dict[ClaimStatus, int] = field(default_factory=dict)

    @property
    def week_total(self) -> int:
        return sum(self.week_counts.values())


def week_start(now: datetime, timezone: str) -> datetime:
    """Monday 00:00 of `now`'s week in the team's time zone, in UTC."""
    tz = zone(timezone)
    local = now.astimezone(tz).date()
    monday = local - timedelta(days=local.weekday())
    return datetime.combine(monday, time(0), tzinfo=tz).astimezone(UTC)


async def build_glance(desk: Desk, team: Team, reader: Actor, timezone: str = "UTC",
                       now: datetime | None = None) -> DeskGlance:
    start = week_start(now or datetime.now(UTC), timezone)
    async with desk.client.pipeline(transaction=True) as pipe:
        pipe.zcard(keys.open_claims(team))
        pipe.zrange(keys.open_claims(team), 0, OPEN_SHOWN - 1)
        pipe.zrevrange(keys.discussions_opened_by(team, reader.id), 0, MINE_SCANNED - 1)
        pipe.zrevrange(keys.checks_by_time(team), 0, LATEST_SHOWN - 1)
        pipe.zrangebyscore(keys.verdicts_by_time(team), start.timestamp(), "+inf")
        open_total, open_ids, mine_ids, check_ids, verdicts = await pipe.execute()
    open_list, mine_list = _texts(open_ids), _texts(mine_ids)
    claims = {c.id: c for c in await desk.claims(team, list(dict.fromkeys(
        open_list + mine_list)))}
    checks = await desk.checks(team, _texts(check_ids))
    counts: Counter[ClaimStatus] = Counter()
    for member in _texts(verdicts):
        ref = VerdictRef.parse(member)
        if ref.status is not None:
            counts[ref.status] += 1
    mine = [claims[i] for i in mine_list
            if i in claims and claims[i].status is ClaimStatus.OPEN][:MINE_SHOWN]
    return DeskGlance(
        team=team, reader=reader, week_start=start, open_total=int(open_total),
        open_claims=[claims[i] for i in open_list if i in claims], mine=mine,
        latest_checks=checks,
        week_counts={status: counts[status] for status in ClaimStatus if counts[status]},
    )


async def glance(service: Service, team: Team, reader: Actor) -> DeskGlance:
    """The core operation the Home tab and `/factcheck-desk` call."""
    settings = await service.team_settings(team)
    return await stored(build_glance(service.desk, team, reader, settings.timezone))


def _texts(values: list[object]) -> list[str]:
    return [v.decode() if isinstance(v, bytes) else str(v) for v in values]
