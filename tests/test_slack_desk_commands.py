"""`/factcheck search` and `/factcheck export` on Slack: our real Bolt app over signed
HTTP, the fake Slack Web API, a real Redis; the desk is filled through the service as
checks fill it."""

from __future__ import annotations

import csv
import io
import json
import re

from bot.records import Actor, ClaimStatus, Place, Team, ThreadRef
from bot.service import Service
from tests.support.articles import CRANES_REWORDED, HARBOUR, SCHOOLS
from tests.support.claimreview_shape import problems
from tests.support.fake_slack import TEAM_ID
from tests.support.http_server import LocalHTTPServer
from tests.support.slack_signing import Scenario
from tests.support.verdict_desk import desk_with_every_verdict

TEAM = Team(platform="slack", id=TEAM_ID)
ANA = Actor(id="U0ANA", name="ana")
HERE = Place(channel="C0NEWS")
PINGS = re.compile(r"<@|<!(?!date\^)|@(here|channel|everyone)\b", re.IGNORECASE)


def all_text(answer: dict[str, object]) -> str:
    blocks = answer.get("blocks") or []
    return str(answer.get("text")) + "".join(str(b) for b in blocks)  # type: ignore[union-attr]


async def test_search_answers_privately_with_verdict_thread_and_article(
    slack: Scenario, service: Service
) -> None:
    result = await service.check(TEAM, HARBOUR, ANA, HERE)
    await service.check(TEAM, SCHOOLS, ANA, HERE)
    cranes = next(i.claim for i in result.flagged if "cranes" in i.claim.quote)
    await service.set_verdict(TEAM, cranes.id, ClaimStatus.FALSE, ANA, "Inspection log")
    thread = ThreadRef(platform="slack", channel="C0NEWS", thread="1700000000.000009",
                       url="https://factdesk-test.slack.com/archives/C0NEWS/p1700000000000009")
    await service.open_thread(TEAM, cranes.id, _made(thread))

    answer = await slack.driver.command("search terminals status:false")
    assert answer.status == 200
    [told] = await slack.fake.wait_for("respond")
    assert told["response_type"] == "ephemeral"
    text = all_text(told.body)
    assert "failed two safety inspections" in text and "*false*" in text
    assert thread.url is not None and thread.url in text, "links its thread"
    assert "will close its northern terminal" not in text, "the open claim is filtered out"
    assert not PINGS.search(text)


async def test_search_with_nothing_found_and_without_words(slack: Scenario,
                                                           service: Service) -> None:
    await service.check(TEAM, HARBOUR, ANA, HERE)
    await slack.driver.command("search tram extension since:7d")
    [told] = await slack.fake.wait_for("respond")
    assert told["text"].startswith("Nothing on the desk matches")
    await slack.driver.command("search status:open")
    answers = await slack.fake.wait_for("respond", count=2)
    assert "Give some words to search for" in answers[1]["text"]
    await slack.driver.command("search ferry status:sorta")
    answers = await slack.fake.wait_for("respond", count=3)
    assert "Unknown status" in answers[2]["text"]


async def test_an_article_that_starts_with_search_is_still_checked(slack: Scenario) -> None:
    await slack.driver.command("Search teams combed the harbour of Valmora on Tuesday after "
                               "a ferry went missing.\nOfficials reportedly said the crew "
                               "had ignored a storm warning.")
    posted = await slack.fake.wait_for("chat.postMessage")
    assert "checking" in str(posted[0].body).lower()


def _made(thread: ThreadRef):  # type: ignore[no-untyped-def]
    async def create(_claim: object) -> ThreadRef:
        return thread
    return create


async def test_export_sends_the_file_privately(slack: Scenario, service: Service,
                                               http_server: LocalHTTPServer) -> None:
    service.settings = service.settings.model_copy(
        update={"organisation_name": "Coastal Ledger Fact Desk"})
    desk = await desk_with_every_verdict(service, TEAM, http_server)

    await slack.driver.command("export claimreview since:30d")
    [told] = await slack.fake.wait_for("respond")
    assert told["response_type"] == "ephemeral"
    assert f"{len(desk.settled)} reviews exported" in told["text"]
    [opened] = slack.fake.of("conversations.open")
    assert opened["users"] == "U0ANA", "a direct message with the person asking"
    [shared] = slack.fake.of("files.completeUploadExternal")
    assert shared["channel_id"] == "D0ANA"
    assert not slack.fake.of("chat.postMessage"), "nothing in the channel"
    [upload] = slack.fake.uploads.values()
    assert upload.completed is not None and upload.filename.endswith(".jsonld")
    assert problems(json.loads(upload.text)) == []

    await slack.driver.command("export csv")
    await slack.fake.wait_for("respond", count=2)
    csv_file = [f for f in slack.fake.uploads.values() if f.filename.endswith(".csv")]
    rows = list(csv.reader(io.StringIO((csv_file[0].content or b"").decode("utf-8-sig"))))
    assert len(rows) == 1 + desk.verdicts

    await slack.driver.command("export pdf")
    answers = await slack.fake.wait_for("respond", count=3)
    assert "Export as `csv` or `claimreview`" in answers[2]["text"]


async def test_a_reworded_claim_is_answered_with_its_earlier_verdict(
    slack: Scenario, service: Service
) -> None:
    first = await service.check(TEAM, HARBOUR, ANA, HERE)
    cranes = next(i.claim for i in first.flagged if "cranes" in i.claim.quote)
    thread = ThreadRef(platform="slack", channel="C0NEWS", thread="1700000000.000009",
                       url="https://factdesk-test.slack.com/archives/C0NEWS/p1700000000000009")
    await service.open_thread(TEAM, cranes.id, _made(thread))
    await service.set_verdict(TEAM, cranes.id, ClaimStatus.FALSE, ANA, "Inspection log")

    await slack.driver.command(CRANES_REWORDED)
    [update] = await slack.fake.wait_for("chat.update")
    text = all_text(update.body)
    assert "Seen before on the desk, reworded" in text
    assert "*false* (ana," in text and thread.url is not None and thread.url in text
    assert not PINGS.search(text)
