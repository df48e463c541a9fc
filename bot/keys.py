"""Every Redis key factdesk uses, in one place.

All keys start with `fd:`. Team data carries the team in a hash tag (`fd:{slack:T1}:…`)
so that one team's keys share a Redis Cluster slot and multi-key updates stay atomic.
Cache keys name the analyzer, model and prompt hash, so a changed prompt is a miss.
"""

from __future__ import annotations

import hashlib

from bot.records import Team

PREFIX = "fd"


def digest_of(text: str, length: int = 32) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


# ------------------------------------------------------------------ cache (expires)


def analysis_key(analyzer: str, model: str, prompt_hash: str, identity: str) -> str:
    """The cache entry of one article's analysis by one analyzer configuration."""
    return f"{PREFIX}:cache:{analyzer}:{model}:{prompt_hash}:{digest_of(identity)}"


def lock_key(analysis_key: str) -> str:
    return f"{analysis_key}:lock"


def failure_key(analysis_key: str) -> str:
    return f"{analysis_key}:failed"


def delivery(platform: str, signature: str) -> str:
    """A signed request already taken (`bot.replay`), while its signature is still valid."""
    return f"{PREFIX}:delivered:{platform}:{digest_of(signature)}"


# ------------------------------------------------- the analysis queue (`bot.jobs`)
# One hash tag for the whole queue: its stream, its waiting list, its results and
# each job's count of tries share one Redis Cluster slot.

JOBS = f"{PREFIX}:{{jobs}}"
JOB_STREAM = f"{JOBS}:analyses"  # the Redis stream taskiq's broker reads
JOBS_WAITING = f"{JOBS}:waiting"  # jobs not yet started, by when they were queued
JOB_RESULTS = f"{JOBS}:result"  # taskiq's result backend prefix


def job_tries(job_id: str) -> str:
    """How many times a worker took the job (a second worker after a crash: 2)."""
    return f"{JOBS}:tries:{job_id}"


JOB_FLIGHT = ":job"  # chat processes' single flight on a queued analysis: `key:job:lock`


# ------------------------------------------------------------ desk (never expires)


def _team(team: Team) -> str:
    return f"{PREFIX}:{{{team.key}}}"


def check(team: Team, check_id: str) -> str:
    return f"{_team(team)}:check:{check_id}"


def checks_by_time(team: Team) -> str:
    return f"{_team(team)}:checks"


def claim(team: Team, claim_id: str) -> str:
    return f"{_team(team)}:claim:{claim_id}"


def claim_by_text(team: Team, text_digest: str) -> str:
    return f"{_team(team)}:claimtext:{text_digest}"


def claims_by_first_seen(team: Team) -> str:
    return f"{_team(team)}:claims"


def open_claims(team: Team) -> str:
    """Claims still open, by first sighting: the digest's oldest-first list."""
    return f"{_team(team)}:claims:open"


def repeated_claims(team: Team) -> str:
    """Claims seen in more than one article, by last sighting."""
    return f"{_team(team)}:claims:repeated"


def verdicts_by_time(team: Team) -> str:
    """Verdicts by when given; members `claim_id:index:status` (`claim_id:index` before
    statuses were indexed), `index` being the verdict's place in the claim's history."""
    return f"{_team(team)}:verdicts"


def claim_lock(team: Team, claim_id: str) -> str:
    return f"{_team(team)}:claim:{claim_id}:lock"


def team_analysis(team: Team, analysis_key: str) -> str:
    """The team's own lasting copy of an analysis it checked (the cache may expire)."""
    return f"{_team(team)}:analysis:{digest_of(analysis_key)}"


def team_settings(team: Team) -> str:
    return f"{_team(team)}:settings"


def installation(team: Team) -> str:
    """The platform's installation of factdesk in the team (OAuth mode): its bot token,
    encrypted (`bot.installations`)."""
    return f"{_team(team)}:installation"


def oauth_state(state: str) -> str:
    """An OAuth install in progress, before it is known which team it is for."""
    return f"{PREFIX}:oauth-state:{digest_of(state)}"


def digest_marker(team: Team, local_date: str) -> str:
    return f"{_team(team)}:digest:{local_date}"


def digest_problem(team: Team) -> str:
    """Why the team's last daily digest could not be posted (until one is, or the
    settings are saved again)."""
    return f"{_team(team)}:digest-problem"


TEAMS = f"{PREFIX}:teams"  # every team that has a desk, for the digest scheduler
