"""When each team's digest is due, and posting it exactly once per team and local day.

A digest is due on a local date once the team's local clock has reached its hour that
day, and stays due until the day is over, so a digest missed while the bot was down is
posted when it starts again. Times are computed with `zoneinfo`: on the day clocks
spring forward past the hour, the digest comes at the first instant after it; on the day
they fall back, the per-date marker keeps a repeated hour from posting twice.

Once per team and date, across replicas, with one marker key per team and date:

1. *lease* — a poster takes the marker with SET NX and a short expiry
   (`LEASE_SECONDS`) while it builds the digest. A poster that dies here leaves only
   the lease, which expires, so another one builds it again.
2. *posting* — just before the post, the holder swaps its lease for a "posting" mark
   that lasts past the end of the day (`POSTED_SECONDS`); a lease lost meanwhile (it
   expired and another replica took it) means no post. From here on nothing posts that
   day's digest again unless this poster releases the mark.
3. The post. A failure that certainly means "not delivered" (the platform answered
   with an error, or no connection was made) releases the mark, and the next tick tries
   again. An outcome that is *ambiguous* — a timeout, or a connection reset once the
   request may have been sent (`uncertain`; a poster may also raise `PostUncertain`) —
   keeps the mark: the platform may have accepted the message, and a second copy in
   the channel is worse than a missing one, which a person can ask for with the
   on-demand digest. It is logged as an error that says so. A poster that dies here
   is treated the same way (the mark stays). Any timeout counts as ambiguous, even
   one while connecting, which the core cannot tell apart; errors of a platform's
   HTTP library that the core does not know (aiohttp's ServerDisconnectedError) are
   the poster's to report as `PostUncertain`, as Discord's does.
4. *posted* — the mark is rewritten as "posted", with retries (`MARK_DELAYS`). If
   Redis still refuses, that is logged; the "posting" mark from step 2 is already there
   for the rest of the day, so the digest is not posted twice either way.

So the promise is exactly once when the platform and Redis answer, and at most once
when they do not: an ambiguous post or a crash mid-post is never repeated.

A channel closed to the bot (it was removed, the channel was archived or deleted, a
permission taken away) is not an outage: trying again all day would not help, and a
log line helps no one in chat. The poster raises `DigestUndeliverable` with a sentence
that says what is wrong and what to do; the day is marked done, and the sentence is
kept on the desk (`Desk.record_digest_problem`) for the settings answers to show
(`delivery_notice`) until a digest is posted again or the settings are saved.
"""

from __future__ import annotations

import asyncio
import errno
import logging
import secrets
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, date, datetime

import redis.asyncio as aioredis

from bot import keys
from bot.desk import Desk, DigestProblem
from bot.digest import Digest, build_digest
from bot.errors import InputError
from bot.records import Team, TeamSettings
from bot.windows import digest_window, due_date

log = logging.getLogger(__name__)

Poster = Callable[[Team, TeamSettings, Digest], Awaitable[None]]

LEASE_SECONDS = 300  # building the digest
POSTED_SECONDS = 8 * 24 * 3600  # past the end of any local day the marker is for
MARK_DELAYS = (0.0, 0.2, 0.5, 1.0, 2.0, 4.0)  # attempts to record "posted", ~8 s in all

#: Replace the marker's value if it is still `ARGV[1]` (ours): with `ARGV[2]` for
#: `ARGV[3]` seconds, or delete it when `ARGV[2]` is empty. 1 if it was ours.
_SWAP = """
if redis.call('get', KEYS[1]) ~= ARGV[1] then return 0 end
if ARGV[2] == '' then redis.call('del', KEYS[1])
else redis.call('set', KEYS[1], ARGV[2], 'EX', ARGV[3]) end
return 1
"""
_CUT_OFF_ERRNOS = {errno.ECONNRESET, errno.ECONNABORTED, errno.EPIPE}


class DigestUndeliverable(Exception):
    """Raised by a poster when the team's channel is closed to the bot.

    `reason` is shown to the team with its settings, so it is a sentence we wrote that
    starts in lower case ("factdesk is not in that channel. Invite it …"), never text
    from the platform's answer; `code` (a known error code or HTTP status) only goes to
    the log.
    """

    def __init__(self, reason: str, code: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.code = code


class PostUncertain(Exception):
    """Raised by a poster when the platform may have taken the message (a timeout or a
    dropped connection after sending): the scheduler then does not post it again."""


def uncertain(exc: BaseException) -> bool:
    """Whether a post that raised `exc` may still have been delivered.

    A timeout or a connection reset, aborted or broken once it was open: the request may
    have reached the platform. An error the platform answered with, or a connection that
    was never made (refused, unknown host), means it was not delivered.
    """
    if isinstance(exc, PostUncertain | TimeoutError | ConnectionResetError
                  | ConnectionAbortedError | BrokenPipeError):
        return True
    return isinstance(exc, OSError) and exc.errno in _CUT_OFF_ERRNOS


class DigestScheduler:
    def __init__(self, client: aioredis.Redis, desk: Desk, post: Poster,
                 platform: str | None = None,
                 mark_delays: Sequence[float] = MARK_DELAYS) -> None:
        self._client = client
        self._desk = desk
        self._post = post
        self._platform = platform
        self._mark_delays = mark_delays

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
        """Post the team's digest for `day` unless a marker says it is taken (see above)."""
        marker = keys.digest_marker(team, day.isoformat())
        token = secrets.token_hex(6)
        lease, posting = f"lease:{token}", f"posting:{token}"
        if not await self._client.set(marker, lease, nx=True, ex=LEASE_SECONDS):
            return False
        try:
            start, end = digest_window(settings, day)
            digest = await build_digest(self._desk, team, start, end)
            if not await self._swap(marker, lease, posting):
                log.warning("digest for %s (%s): the lease ran out while it was built; "
                            "another replica has it", team.key, day.isoformat())
                return False
        except Exception:
            await self._release(marker, lease)
            raise
        try:
            await self._post(team, settings, digest)
        except DigestUndeliverable as exc:
            await self._undeliverable(marker, posting, team, settings, day, exc)
            return False
        except Exception as exc:
            if uncertain(exc):
                log.error("digest for %s (%s) may or may not have been posted (%s after it "
                          "was sent); it is not posted again today, so as not to post it "
                          "twice", team.key, day.isoformat(), type(exc).__name__)
                return False
            await self._release(marker, posting)  # certainly not delivered: next tick retries
            raise
        await self._record_posted(marker, team, day)
        await self._forget_problem(team)
        return True

    async def _undeliverable(self, marker: str, posting: str, team: Team,
                             settings: TeamSettings, day: date,
                             exc: DigestUndeliverable) -> None:
        """The channel is closed to the bot: done for the day, and kept for the team's
        settings answers. The "posting" mark stays should Redis refuse both writes."""
        channel = settings.digest_channel or ""
        log.warning("digest for %s (%s) not posted in channel %s (%s), not tried again "
                    "today and shown with the team's settings: %s", team.key, day.isoformat(),
                    channel, exc.code or "refused", exc.reason)
        now = datetime.now(UTC)
        try:
            await self._swap(marker, posting, f"undeliverable:{now.isoformat()}")
            await self._desk.record_digest_problem(team, DigestProblem(
                day=day, at=now, channel=channel, reason=exc.reason))
        except Exception as error:
            log.warning("digest for %s (%s): recording that it cannot be posted failed (%s)",
                        team.key, day.isoformat(), type(error).__name__)

    async def _forget_problem(self, team: Team) -> None:
        """A digest went out: a problem recorded before is over."""
        try:
            await self._desk.clear_digest_problem(team)
        except Exception as error:
            log.warning("digest for %s posted; clearing its recorded problem failed (%s)",
                        team.key, type(error).__name__)

    async def _swap(self, marker: str, mine: str, new: str) -> bool:
        result = await self._client.eval(_SWAP, 1, marker, mine, new, POSTED_SECONDS)
        return bool(result)

    async def _release(self, marker: str, mine: str) -> None:
        """Give the marker up if it is still ours; a failure is logged (it then expires)."""
        try:
            await self._swap(marker, mine, "")
        except Exception:
            log.warning("could not release the digest marker %s; it will expire", marker,
                        exc_info=True)

    async def _record_posted(self, marker: str, team: Team, day: date) -> None:
        """Rewrite the marker as posted, retrying; the "posting" mark covers a failure."""
        for attempt, delay in enumerate(self._mark_delays, 1):
            await asyncio.sleep(delay)
            try:
                await self._client.set(marker, f"posted:{datetime.now(UTC).isoformat()}",
                                       ex=POSTED_SECONDS)
            except Exception as exc:
                log.warning("digest for %s (%s) posted; recording it failed (attempt %d: %s)",
                            team.key, day.isoformat(), attempt, type(exc).__name__)
                continue
            log.info("digest posted for %s (%s)", team.key, day.isoformat())
            return
        log.error("digest for %s (%s) was posted but could not be recorded as posted; its "
                  "\"posting\" mark keeps it from being posted again today", team.key,
                  day.isoformat())

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


async def delivery_notice(desk: Desk, team: Team, settings: TeamSettings) -> str | None:
    """The line the settings answers add while the team's digest cannot be posted in its
    channel; None when nothing is wrong (or the problem was with another channel)."""
    problem = await desk.digest_problem(team)
    if problem is None or problem.channel != settings.digest_channel:
        return None
    return (f"⚠ The digest of {problem.day.day} {problem.day:%b} could not be posted: "
            f"{problem.reason}")
