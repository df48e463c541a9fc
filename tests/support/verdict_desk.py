"""A team's desk with a verdict of every status, built through the service from two
invented articles served over local HTTP (so each claim has its article's URL)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.records import Actor, ClaimStatus, FlaggedClaim, Place, Team
from bot.service import Service
from tests.support.articles import HARBOUR, SCHOOLS, html_page
from tests.support.http_server import LocalHTTPServer

ANA, BEN = Actor(id="U0ANA", name="Ana"), Actor(id="U0BEN", name="Ben")
#: a reason a spreadsheet would run as a formula, were it not escaped
FORMULA = '=HYPERLINK("https://evil.example","click")'
SETTLED = [ClaimStatus.VERIFIED, ClaimStatus.FALSE, ClaimStatus.MISLEADING,
           ClaimStatus.UNVERIFIABLE, ClaimStatus.NEEDS_CONTEXT]


@dataclass
class VerdictDesk:
    settled: dict[ClaimStatus, FlaggedClaim]  # the claim given each verdict
    reopened: FlaggedClaim  # false, then back to open
    still_open: list[FlaggedClaim]
    urls: list[str]
    verdicts: int  # entries in the claims' histories


async def desk_with_every_verdict(service: Service, team: Team, http: LocalHTTPServer
                                  ) -> VerdictDesk:
    http.page("/ports/closure", html_page("Valmora terminal to close", HARBOUR))
    http.page("/schools/merger", html_page("Eastern schools to merge", SCHOOLS))
    urls = [http.url("/ports/closure"), http.url("/schools/merger")]
    claims: list[FlaggedClaim] = []
    for url in urls:
        result = await service.check(team, url, ANA, Place(channel="C0NEWS"))
        claims.extend(item.claim for item in result.flagged)
    assert len(claims) >= len(SETTLED) + 2, "the articles flag enough claims"
    settled: dict[ClaimStatus, FlaggedClaim] = {}
    for status, claim in zip(SETTLED, claims, strict=False):
        note = FORMULA if status is ClaimStatus.FALSE else f"Checked: {status.label}."
        settled[status] = await service.set_verdict(team, claim.id, status, BEN, note)
    reopened = claims[len(SETTLED)]
    await service.set_verdict(team, reopened.id, ClaimStatus.FALSE, ANA)
    reopened = await service.set_verdict(team, reopened.id, ClaimStatus.OPEN, ANA,
                                         "New filing found.")
    return VerdictDesk(settled, reopened, claims[len(SETTLED) + 1:], urls,
                       verdicts=len(SETTLED) + 2)
