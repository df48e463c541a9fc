"""When each team's digest is due, and posting it exactly once per team and local day.

A digest is due on a local date once the team's local clock has reached its hour that
day, and stays due until the day is over, so a digest missed while the bot was down is
posted when it starts again. Times are computed with `zoneinfo`: on the day clocks
spring forward past the hour, the digest comes at the first instant after it; on the day
they fall back, the per-date marker keeps a repeated hour from posting twice.

Exactly once across replicas: a poster first takes a lease on the team's date marker
(SET NX with an expiry); after a successful post the marker is made permanent (a week).
A poster that dies mid-post leaves only a lease, which expires so another can retry.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import secrets
import zoneinfo
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import redis.asyncio as aioredis

from bot import keys
from bot.desk import Desk
from bot.digest import Digest, build_digest
from bot.errors import InputError
from bot.records import Team, TeamSettings

log = logging.getLogger(__name__)

Poster = Callable[[Team, TeamSettings, Digest], Awaitable[None]]

LEASE_SECONDS = 300
POSTED_SECONDS = 8 * 24 * 3600


def zone(name: str) -> ZoneInfo:
    """The IANA time zone `name` (any case), or an `InputError` that says what a valid
    name looks like.

    Only names in the zone database are tried: `ZoneInfo` would also open what is not a
    zone, such as the tzdata folder "America" (an `IsADirectoryError`, not an error a
    user can act on).
    """
    found = _zone_names().get(name.strip().lower())
    if found is not None:
        try:
            return ZoneInfo(found)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            pass  # listed but unreadable: explained like any other bad name
    raise InputError(
        f"Unknown time zone {name.strip()[:60]!r}: that is not an IANA time zone name; use one "
        "such as Europe/Paris or America/New_York."
    )


@functools.cache
def _zone_names() -> dict[str, str]:
    """Every IANA zone name, by its lower-case spelling."""
    return {name.lower(): name for name in zoneinfo.available_timezones()}


def zone_name(name: str) -> str:
    """The IANA name as the database spells it (europe/paris → Europe/Paris), or an
    `InputError` that says what a valid name looks like."""
    return zone(name).key


def zone_names() -> list[str]:
    """Every IANA zone name, sorted (for suggestions as a user types)."""
    return sorted(_zone_names().values())


def local_moment(day: date, hour: int, tz: ZoneInfo) -> datetime:
    """The instant the local clock first reaches `hour`:00 on `day`, in UTC.

    With fold=0 (PEP 495), an hour repeated when clocks fall back means its first
    occurrence, and an hour skipped when they spring forward maps to the instant after
    the gap, when the local clock has passed it.
    """
    return datetime.combine(day, time(hour), tzinfo=tz).astimezone(UTC)


def due_date(settings: TeamSettings, now: datetime) -> date | None:
    """The local date whose digest is due at `now`, or None (off, or not yet time)."""
    if not settings.digest_channel:
        return None
    tz = zone(settings.timezone)
    today = now.astimezone(tz).date()
    return today if now >= local_moment(today, settings.digest_hour, tz) else None


def digest_window(settings: TeamSettings, day: date) -> tuple[datetime, datetime]:
    """From the previous day's digest time to this day's: the window a digest covers."""
    tz = zone(settings.timezone)
    end = local_moment(day, settings.digest_hour, tz)
    start = local_moment(day - timedelta(days=1), settings.digest_hour, tz)
    return start, end


class DigestScheduler:
    def __init__(self, client: aioredis.Redis, desk: Desk, post: Poster,
                 platform: str | None = None) -> None:
        self._client = client
        self._desk = desk
        self._post = post
        self._platform = platform

    async def run_due(self, now: datetime | None = None) -> list[tuple[Team, date]]:
        """Post every digest due at `now` that no one has posted yet; returns those posted."""
        now = now or datetime.now(UTC)
        posted: list[tuple[Team, date]] = []
        for team in await self._desk.teams():
            if self._platform and team.platform != self._platform:
                continue
            # One team's failure, from its settings record to its post, stays that team's:
            # the teams after it still get their digests.
            try:
                settings = await self._desk.settings(team)
                day = due_date(settings, now)
            except InputError:
                log.warning("team %s has an invalid time zone; no digest until it is fixed",
                            team.key)
                continue
            except Exception:
                log.exception("digest settings of team %s cannot be read; skipping it",
                              team.key)
                continue
            if day is None:
                continue
            try:
                if await self._post_once(team, settings, day):
                    posted.append((team, day))
            except Exception:
                log.exception("digest for %s could not be posted; will retry", team.key)
        return posted

    async def _post_once(self, team: Team, settings: TeamSettings, day: date) -> bool:
        marker = keys.digest_marker(team, day.isoformat())
        lease = f"lease:{secrets.token_hex(6)}"
        if not await self._client.set(marker, lease, nx=True, ex=LEASE_SECONDS):
            return False
        try:
            start, end = digest_window(settings, day)
            digest = await build_digest(self._desk, team, start, end)
            await self._post(team, settings, digest)
        except Exception:
            await self._client.delete(marker)  # let the next tick try again
            raise
        await self._client.set(marker, f"posted:{datetime.now(UTC).isoformat()}",
                               ex=POSTED_SECONDS)
        log.info("digest posted for %s (%s)", team.key, day.isoformat())
        return True

    async def run_forever(self, interval: float = 60.0) -> None:
        """Check every `interval` seconds; errors (Redis down) are logged, the loop goes on."""
        while True:
            try:
                await self.run_due()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("digest scheduler tick failed; retrying in %.0f s", interval)
            await asyncio.sleep(interval)


def resolve_window(name: str, settings: TeamSettings, now: datetime) -> tuple[datetime, datetime]:
    """A named window in the team's time zone: today, yesterday, 24h, or Nd (e.g. 7d)."""
    tz = zone(settings.timezone)
    local_today = now.astimezone(tz).date()
    midnight = datetime.combine(local_today, time(0), tzinfo=tz).astimezone(UTC)
    if name == "today":
        return midnight, now
    if name == "yesterday":
        day_before = datetime.combine(local_today - timedelta(days=1), time(0), tzinfo=tz)
        return day_before.astimezone(UTC), midnight
    if name == "24h":
        return now - timedelta(hours=24), now
    if name.endswith("d") and name[:-1].isdigit() and 0 < int(name[:-1]) <= 366:
        return now - timedelta(days=int(name[:-1])), now
    raise InputError(f"Unknown window {name!r}: use today, yesterday, 24h or a number of "
                     "days such as 7d.")


def window_label(name: str) -> str:
    """A window's name as words: "yesterday", "the last 24 hours", "the last 7 days"."""
    if name in ("today", "yesterday"):
        return name
    if name == "24h":
        return "the last 24 hours"
    if name.endswith("d") and name[:-1].isdigit():
        days = int(name[:-1])
        return "the last day" if days == 1 else f"the last {days} days"
    return name
