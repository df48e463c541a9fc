"""Time zones and windows: a team's local hour and day, and the named windows of a digest.

Everything that turns a team's settings (an IANA zone, a local hour) or a window's name
("today", "7d") into instants, computed with `zoneinfo`: on the day clocks spring
forward past the hour, a digest's moment is the first instant after it; on the day they
fall back, the first of the repeated hours. Used by the scheduler, the service and the
platforms' settings forms alike.
"""

from __future__ import annotations

import functools
import zoneinfo
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.errors import InputError
from bot.records import TeamSettings


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
