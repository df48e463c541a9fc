"""The chat workflow as the core runs it, through the in-memory surface, on a real Redis.

Each scenario reads as the chat: someone checks an article, the bot shows it, someone
presses Discuss, someone sets a verdict; the test reads what the channel now shows.
"""

from __future__ import annotations

import pytest

from bot.errors import NotAllowedError
from bot.records import Actor, ClaimStatus, Place, Team
from bot.service import Service
from tests.support.articles import HARBOUR
from tests.support.memory_surface import MemorySurface

TEAM = Team(platform="memory", id="T1")
ANA = Actor(id="U1", name="ana")
BEA = Actor(id="U2", name="bea")
HERE = Place(channel="C-NEWS")


async def test_check_discuss_verdict_reads_like_the_chat(service: Service) -> None:
    chat = MemorySurface()
    first = await service.check_and_show(TEAM, HARBOUR, ANA, HERE, chat)
    second = await service.check_and_show(TEAM, HARBOUR, BEA, HERE, chat)
    assert first.check is not None and second.check is not None
    [analysis_1, analysis_2] = chat.messages
    assert "[open]" in chat.messages[analysis_1].text
    claim_id = first.flagged[0].claim.id

    opened = await service.discuss(TEAM, claim_id, BEA, chat)
    assert opened.created
    card = opened.thread.thread
    assert chat.in_thread(card) == ["bea opened this discussion."]
    for shown in (analysis_1, analysis_2):  # both analyses now point to the thread
        assert f"(thread {card})" in chat.messages[shown].text

    again = await service.discuss(TEAM, claim_id, ANA, chat)
    assert not again.created and again.thread == opened.thread
    assert chat.in_thread(card) == ["bea opened this discussion."], "no second opening"

    outcome = await service.verdict(TEAM, claim_id, ClaimStatus.FALSE, ANA, chat)
    assert outcome.missed == []
    assert "[false]" in chat.messages[card].text
    assert f"(from memory://{analysis_1})" in chat.messages[card].text or \
        f"(from memory://{analysis_2})" in chat.messages[card].text
    assert chat.in_thread(card)[-1] == "ana set the verdict: false."
    quote = first.flagged[0].claim.quote
    for shown in (analysis_1, analysis_2):
        assert f"{quote} [false]" in chat.messages[shown].text


async def test_a_verdict_that_cannot_be_shown_everywhere_is_still_saved(
    service: Service,
) -> None:
    chat = MemorySurface()
    result = await service.check_and_show(TEAM, HARBOUR, ANA, HERE, chat)
    claim_id = result.flagged[0].claim.id
    await service.discuss(TEAM, claim_id, ANA, chat)
    chat.fail = {"update_card", "refresh_check"}

    outcome = await service.verdict(TEAM, claim_id, ClaimStatus.VERIFIED, BEA, chat)
    assert outcome.missed == ["the claim message", "1 analysis showing it"]
    assert (await service.claim(TEAM, claim_id)).status is ClaimStatus.VERIFIED
    card = outcome.claim.thread.thread if outcome.claim.thread else ""
    assert chat.in_thread(card)[-1] == "bea set the verdict: verified."


async def test_verdicts_with_a_reason_reopen_and_the_verdict_group(service: Service) -> None:
    chat = MemorySurface(groups={"checkers": {BEA.id}})
    result = await service.check_and_show(TEAM, HARBOUR, ANA, HERE, chat)
    claim_id = result.flagged[0].claim.id
    card = (await service.discuss(TEAM, claim_id, ANA, chat)).thread.thread
    settings = await service.team_settings(TEAM)
    await service.save_team_settings(TEAM, settings.model_copy(
        update={"verdict_group": "checkers"}))

    with pytest.raises(NotAllowedError, match="Only the team's fact-checkers"):
        await service.verdict(TEAM, claim_id, ClaimStatus.FALSE, ANA, chat, "No.")
    assert (await service.claim(TEAM, claim_id)).status is ClaimStatus.OPEN

    await service.verdict(TEAM, claim_id, ClaimStatus.FALSE, BEA, chat,
                          "  The filing says\n otherwise. ")
    assert chat.in_thread(card)[-1] == "bea set the verdict: false. Why: The filing says otherwise."
    await service.verdict(TEAM, claim_id, ClaimStatus.OPEN, BEA, chat)
    assert chat.in_thread(card)[-1] == "bea reopened this claim."
    assert "[open]" in chat.messages[card].text
    digest = await service.digest(TEAM, "24h")
    assert "The filing says otherwise." in [v.note for v in digest.verdicts]
