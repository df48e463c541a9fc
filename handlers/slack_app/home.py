"""Slack's App Home tab: the desk at a glance (`bot.desk_home`), published per reader.

On `app_home_opened` (the Home tab, not the Messages tab) the app publishes a Home view
for that user with `views.publish`: this week's verdicts by status, the claims still
open (oldest first), the reader's own open discussions, and the latest checks. Each
claim links to its thread; a claim under discussion also gets the verdict buttons of
its card (the same action ids, so `threads` handles a press there as on the card: the
reason form, then the verdict saved and shown in the thread). A claim not yet discussed
links to its article: its discussion starts from the analysis' Discuss button.

Outside text (claims, titles, names) is escaped (`text.escape`): nothing pings.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.desk_home import DeskGlance, glance
from bot.records import Actor, CheckRecord, FlaggedClaim
from bot.service import Service
from handlers.slack_app import ids
from handlers.slack_app.blocks import Block, actions, context, header, section
from handlers.slack_app.cards import verdict_button
from handlers.slack_app.payloads import team_of
from handlers.slack_app.render import STATUS_MARK, quoted
from handlers.slack_app.search_render import article_link
from handlers.slack_app.text import link, when

log = logging.getLogger(__name__)

STATEMENT = 280
MAX_BLOCKS = 100  # a Home view's limit


def counts_line(glance: DeskGlance) -> str:
    if not glance.week_counts:
        return f"No verdicts yet this week (since {when(glance.week_start, '{date_short}')})."
    parts = [f"{STATUS_MARK[status]} {status.label} *{count}*"
             for status, count in glance.week_counts.items()]
    return (f"*This week's verdicts ({glance.week_total})*, since "
            f"{when(glance.week_start, '{date_short}')}: " + " · ".join(parts))


def claim_entry(claim: FlaggedClaim) -> str:
    latest = claim.sightings[-1] if claim.sightings else None
    parts = [f"first seen {when(claim.first_seen, '{date_short}')}"]
    if claim.thread is not None and claim.thread.url:
        parts.append(link(claim.thread.url, "open its thread"))
    article = article_link(latest.canonical_url if latest else None,
                           latest.title if latest else None)
    if article:
        parts.append(article)
    return f"{quoted(claim.statement, STATEMENT)}\n{' · '.join(parts)}"


def claim_blocks(claim: FlaggedClaim) -> list[Block]:
    blocks = [section(claim_entry(claim))]
    if claim.thread is not None:
        blocks.append(actions(*(verdict_button(claim, status) for status in ids.VERDICTS),
                              block_id=f"home:{claim.id}"))
    return blocks


def check_entry(check: CheckRecord) -> str:
    name = article_link(check.canonical_url, check.title or check.input) or "pasted article"
    noun = "claim" if len(check.claim_ids) == 1 else "claims"
    return (f":newspaper: {name}\nchecked {when(check.at, '{date_short} {time}')} · "
            f"{len(check.claim_ids)} flagged {noun}")


def render_home(glance: DeskGlance) -> dict[str, Any]:
    blocks: list[Block] = [header("factdesk · the desk at a glance"),
                           section(counts_line(glance))]
    blocks.append(section(f"*Open claims, oldest first ({glance.open_total})*"))
    for claim in glance.open_claims:
        blocks.extend(claim_blocks(claim))
    if not glance.open_claims:
        blocks.append(context("Nothing open: every flagged claim has a verdict."))
    elif glance.open_total > len(glance.open_claims):
        blocks.append(context(f"… and {glance.open_total - len(glance.open_claims)} more "
                              "open claims (the daily digest lists them)."))
    blocks.append(section(f"*Your open discussions ({len(glance.mine)})*"))
    if glance.mine:
        blocks.extend(section(claim_entry(claim)) for claim in glance.mine)
    else:
        blocks.append(context("None: the discussions you open with Discuss appear here."))
    blocks.append(section("*Latest checks*"))
    if glance.latest_checks:
        blocks.extend(section(check_entry(check)) for check in glance.latest_checks)
    else:
        blocks.append(context(f"Nothing checked yet: try `{ids.COMMAND} <link>`."))
    return {"type": "home", "blocks": blocks[:MAX_BLOCKS]}


def register(app: AsyncApp, service: Service) -> None:
    @app.event("app_home_opened")
    async def on_home_opened(event: dict[str, Any], body: dict[str, Any],
                             client: AsyncWebClient, context: AsyncBoltContext) -> None:
        if event.get("tab") != "home":
            return
        user = str(event.get("user") or "")
        try:
            shown = await glance(service, team_of(body, context), Actor(id=user))
            await client.views_publish(user_id=user, view=render_home(shown))
        except Exception as exc:  # nobody to tell in a tab: logged with the request's id
            log.warning("home tab for %s not published (%s)", user, type(exc).__name__,
                        exc_info=exc)



