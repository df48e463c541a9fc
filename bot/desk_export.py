"""The team's verdicts taken out of the bot: ClaimReview JSON-LD, or CSV for a spreadsheet.

- `claimreview`: one schema.org ClaimReview per claim whose current verdict is not open
  and was given in the window (`bot.claimreview`, which states the rating scale).
- `csv`: one row per verdict given in the window, oldest first, including a claim
  returned to "open" (status `open`). A cell that a spreadsheet would read as a formula
  (it starts with =, +, -, @, a tab or a carriage return) gets a leading apostrophe: the
  claims are article text, and article text is data.

Both read the team's own verdict index (`fd:{team}:verdicts`) and claims, nothing else.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from bot import keys
from bot.claimreview import SCALE, Organisation, claim_review, document, reviewed
from bot.desk import VerdictRef
from bot.desk_search import parse_since
from bot.errors import ConfigError, InputError
from bot.records import FlaggedClaim, Team
from bot.stored import stored

if TYPE_CHECKING:
    from bot.desk import Desk
    from bot.service import Service

NO_ORGANISATION = ("A ClaimReview names the newsroom that publishes it: set "
                   "FACTDESK_ORGANISATION (and FACTDESK_ORGANISATION_URL) where factdesk "
                   "runs, or export as CSV.")
CSV_COLUMNS = [
    "verdict_at", "status", "rating_value", "rating_name", "claim_id", "statement",
    "claimant", "quote", "by", "note", "article_url", "article_title", "thread_url",
    "first_seen",
]
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class ExportFormat(StrEnum):
    CLAIMREVIEW = "claimreview"
    CSV = "csv"


@dataclass(frozen=True)
class ExportFile:
    filename: str
    content: bytes
    media_type: str
    count: int  # reviews or rows


async def verdicts_since(desk: Desk, team: Team, since: datetime | None
                         ) -> list[tuple[VerdictRef, FlaggedClaim]]:
    """Every verdict given since `since` (all when None), oldest first, with its claim."""
    low: float | str = since.timestamp() if since else "-inf"
    members = await desk.client.zrangebyscore(keys.verdicts_by_time(team), low, "+inf")
    refs = [VerdictRef.parse(m.decode() if isinstance(m, bytes) else str(m))
            for m in members]
    ids = list(dict.fromkeys(ref.claim_id for ref in refs))
    claims = {claim.id: claim for claim in await desk.claims(team, ids)}
    return [(ref, claims[ref.claim_id]) for ref in refs
            if ref.claim_id in claims and ref.index < len(claims[ref.claim_id].history)]


def reviews_of(verdicts: list[tuple[VerdictRef, FlaggedClaim]], since: datetime | None,
               author: Organisation) -> list[dict[str, object]]:
    claims = {claim.id: claim for _, claim in verdicts}
    return [
        claim_review(claim, author) for claim in claims.values()
        if reviewed(claim) and (since is None or claim.history[-1].at >= since)
    ]


def safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def csv_rows(verdicts: list[tuple[VerdictRef, FlaggedClaim]]) -> list[list[str]]:
    rows: list[list[str]] = []
    for ref, claim in verdicts:
        entry = claim.history[ref.index]
        scale = SCALE.get(entry.status)
        latest = claim.sightings[-1] if claim.sightings else None
        values: list[object] = [
            entry.at.isoformat(), entry.status.value,
            scale.value if scale and scale.value is not None else "",
            scale.name if scale else "open", claim.id, claim.statement, claim.claimant,
            claim.quote, entry.by.label, entry.note,
            latest.canonical_url if latest else None, latest.title if latest else None,
            claim.thread.url if claim.thread else None, claim.first_seen.isoformat(),
        ]
        rows.append([safe_cell(v) for v in values])
    return rows


def to_csv(verdicts: list[tuple[VerdictRef, FlaggedClaim]]) -> bytes:
    """UTF-8 with a byte-order mark, so spreadsheets read the accents right."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(csv_rows(verdicts))
    return out.getvalue().encode("utf-8-sig")


def organisation_of(service: Service) -> Organisation:
    name = service.settings.organisation_name
    if not name:
        raise ConfigError(NO_ORGANISATION)
    return Organisation(name, service.settings.organisation_url)


EXPORT_USAGE = ("Export as `csv` or `claimreview` (JSON-LD), optionally with `since:30d` or "
                "`since:2026-11-30`.")


def parse_request(text: str, now: datetime | None = None
                  ) -> tuple[ExportFormat, datetime | None]:
    """A chat request: `[csv|claimreview] [since:…]`; ClaimReview when no format is named."""
    fmt, since = ExportFormat.CLAIMREVIEW, None
    for word in text.split():
        name, sep, value = word.partition(":")
        if sep and name.lower() == "since":
            since = parse_since(value, now)
        elif word.lower() in ("csv", "claimreview", "jsonld", "json-ld"):
            fmt = ExportFormat.CSV if word.lower() == "csv" else ExportFormat.CLAIMREVIEW
        else:
            raise InputError(EXPORT_USAGE)
    return fmt, since


async def export(service: Service, team: Team, fmt: ExportFormat,
                 since: datetime | None = None, now: datetime | None = None) -> ExportFile:
    """The team's verdicts as a file (the core operation of the CLI and chat commands)."""
    author = organisation_of(service) if fmt is ExportFormat.CLAIMREVIEW else None
    verdicts = await stored(verdicts_since(service.desk, team, since))
    stamp = f"{(now or datetime.now(UTC)):%Y%m%d}"
    base = f"factdesk-{team.platform}-{team.id}-verdicts-{stamp}"
    if author is not None:
        reviews = reviews_of(verdicts, since, author)
        text = json.dumps(document(reviews), ensure_ascii=False, indent=2) + "\n"
        return ExportFile(f"{base}.jsonld", text.encode("utf-8"), "application/ld+json",
                          len(reviews))
    return ExportFile(f"{base}.csv", to_csv(verdicts), "text/csv", len(verdicts))
