"""Reminders for stale claims: one note in a claim's thread once it has been open too long.

A team turns them on with a number of days (`TeamSettings.reminder_days`; off by
default). A claim still open that many days after it was first seen, and discussed in a
thread, gets one reminder there, mentioning only the person who opened the discussion
(`ThreadRef.opened_by`; no one when the desk does not know who did). If it is still open
after another interval, it gets another.

Once per claim per interval across replicas, as the digest: the sender takes the marker
of the claim's current interval (`keys.reminder_marker`: the claim and how many whole
intervals it has been open) with SET NX, which expires a day after the interval would
have ended, then posts. A post
that certainly failed (the platform answered with an error, or was never reached)
gives the marker back, so the next tick tries again; an ambiguous one (a timeout, a
connection cut after sending: `bot.scheduler.uncertain`) keeps it, since a second
reminder is worse than none.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import redis.asyncio as aioredis

from bot import keys
from bot.desk import Desk
from bot.errors import InputError
from bot.loops import every
from bot.records import Actor, ClaimStatus, FlaggedClaim, Team, TeamSettings
from bot.redis_conn import release_lock
from bot.scheduler import uncertain

if TYPE_CHECKING:
    from bot.service import Service

log = logging.getLogger(__name__)

PER_TEAM_TICK = 50  # reminders sent per team and tick at most (the oldest claims first)
SCANNED = 500  # stale open claims looked at per team and tick


@dataclass(frozen=True)
class Reminder:
    team: Team
    claim: FlaggedClaim
    opener: Actor | None  # the one person mentioned, if known
    days_open: int


Sender = Callable[[Reminder], Awaitable[None]]


def reminders_text(settings: TeamSettings) -> str:
    """The setting in words, for the settings answers."""
    if not settings.reminder_days:
        return "Reminders for stale claims are **off**."
    days = settings.reminder_days
    unit = "day" if days == 1 else "days"
    return (f"A claim still open {days} {unit} after it was first seen gets a reminder in "
            f"its thread, mentioning only who opened the discussion (again every {days} "
            f"{unit} while it stays open).")


def parse_days(value: str) -> int | None:
    """`off`, or a number of days from 1 to 365."""
    text = value.strip().lower()
    if text in ("off", "0", "none"):
        return None
    if text.endswith("d"):
        text = text[:-1]
    if not text.isdigit() or not 1 <= int(text) <= 365:
        raise InputError("Give the number of days a claim may stay open before its thread "
                         "gets a reminder (1 to 365), or off.")
    return int(text)


async def set_reminder_days(service: Service, team: Team, days: int | None) -> TeamSettings:
    """Turn the team's reminders on (after `days`) or off (None); the settings saved."""
    current = await service.team_settings(team)
    updated = current.model_copy(update={"reminder_days": days})
    await service.save_team_settings(team, updated)
    log.info("reminders of %s set to %s days", team.key, days)
    return updated


class ReminderScheduler:
    def __init__(self, client: aioredis.Redis, desk: Desk, send: Sender,
                 platform: str | None = None) -> None:
        self._client = client
        self._desk = desk
        self._send = send
        self._platform = platform

    async def run_due(self, now: datetime | None = None) -> list[tuple[Team, str]]:
        """Send every reminder due at `now` that no replica has sent this interval."""
        now = now or datetime.now(UTC)
        sent: list[tuple[Team, str]] = []
        for team in await self._desk.teams():
            if self._platform and team.platform != self._platform:
                continue
            try:
                settings = await self._desk.settings(team)
                if settings.reminder_days:
                    sent.extend((team, c) for c in await self._team_due(
                        team, settings.reminder_days, now))
            except Exception:
                log.exception("reminders of team %s failed this tick; will retry", team.key)
        return sent

    async def _team_due(self, team: Team, days: int, now: datetime) -> list[str]:
        cutoff = now - timedelta(days=days)
        ids = [v.decode() if isinstance(v, bytes) else str(v) for v in
               await self._client.zrangebyscore(keys.open_claims(team), "-inf",
                                                cutoff.timestamp(), start=0, num=SCANNED)]
        sent: list[str] = []
        for claim in await self._desk.claims(team, ids):
            if len(sent) == PER_TEAM_TICK:
                break
            if claim.status is not ClaimStatus.OPEN or claim.thread is None:
                continue  # no thread: nowhere to remind (the digest lists it)
            if await self._send_once(team, claim, days, now):
                sent.append(claim.id)
        return sent

    async def _send_once(self, team: Team, claim: FlaggedClaim, days: int,
                         now: datetime) -> bool:
        period = int((now - claim.first_seen) / timedelta(days=days))
        marker = keys.reminder_marker(team, claim.id, period)
        token = f"sent:{secrets.token_hex(6)}"
        # kept a little past its interval, then Redis forgets it
        if not await self._client.set(marker, token, nx=True, ex=(days + 1) * 86400):
            return False
        assert claim.thread is not None
        reminder = Reminder(team, claim, claim.thread.opened_by,
                            max(days, (now - claim.first_seen).days))
        try:
            await self._send(reminder)
        except Exception as exc:
            if uncertain(exc):
                log.error("reminder for claim %s of %s may or may not have been posted (%s); "
                          "not sent again this interval", claim.id, team.key,
                          type(exc).__name__)
                return False
            await release_lock(self._client, marker, token)
            log.warning("reminder for claim %s of %s not posted (%s); will retry", claim.id,
                        team.key, type(exc).__name__)
            return False
        log.info("reminder posted for claim %s of %s", claim.id, team.key)
        return True

    async def run_forever(self, interval: float = 300.0) -> None:
        await every(interval, self.run_due, "reminder")
