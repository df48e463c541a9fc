""""Full analysis" on Slack: the paged modal and the Markdown file, and the modal's pages.

The button's value is the check id; the core (`Service.full_analysis`) reads the check
as it stands and has the `SlackSurface` open the modal (with the press's trigger id,
first, as it lasts three seconds) and upload the file under the analysis. Previous and
Next re-read the check and replace the modal's page (`views.update`).
"""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.desk_reads import CHECK_GONE
from bot.errors import CheckError, InputError
from bot.inflight import InFlight
from bot.service import Service
from handlers.slack_app import ids
from handlers.slack_app.full_view import full_view
from handlers.slack_app.pacing import AckFirst
from handlers.slack_app.payloads import actor_of, first_action, team_of, view_metadata
from handlers.slack_app.post import Poster
from handlers.slack_app.replies import Reply
from handlers.slack_app.surface import SlackSurface
from handlers.slack_app.threads import NOT_A_BUTTON, pressed_on


def register(app: AsyncApp, service: Service, pacing: AckFirst, inflight: InFlight) -> None:
    @app.action(ids.FULL)
    async def on_full(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient,
                      respond: AsyncRespond, context: AsyncBoltContext) -> None:
        await ack()
        with inflight.track():
            await pacing.settled()
            poster = Poster(client)
            pressed = pressed_on(body)
            reply = Reply(poster, pressed.channel, actor_of(body).id, respond)
            try:
                check_id = str(first_action(body).get("value") or "")
                if not check_id:
                    raise InputError(NOT_A_BUTTON)
                await service.full_analysis(
                    team_of(body, context), check_id,
                    SlackSurface(poster, pressed.channel, pressed=pressed.analysis,
                                 root=pressed.root, trigger=body.get("trigger_id")))
            except Exception as exc:
                await reply.failure(exc)

    @app.action(ids.FULL_PAGE)
    async def on_page(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient,
                      context: AsyncBoltContext) -> None:
        await ack()
        view = body.get("view") or {}
        meta = view_metadata(view)
        reply = Reply(Poster(client), meta.get("channel"), actor_of(body).id)
        with inflight.track():
            try:
                page = int(str(first_action(body).get("value") or "0"))
                shown = await service.check_view(team_of(body, context), meta.get("check", ""))
                if shown is None:
                    raise CheckError(CHECK_GONE)
                where: dict[str, str | None] = {
                    key: meta.get(key) for key in ("channel", "analysis", "root")}
                await client.views_update(view_id=view.get("id"), hash=view.get("hash"),
                                          view=full_view(shown, page, where))
            except Exception as exc:
                await reply.failure(exc)
