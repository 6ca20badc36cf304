"""``WS /api/v1/ws/design/{id}``: a design's events (JSON DesignEvents) until its run ends.

A client gets the events so far (the audit trail) first, then live ones (Pub/Sub, so any
API process can serve any design), without duplicates: events are sent in ``seq`` order
and each at most once. The server closes with 1000 after the event that ends the current
run (or at once, after the history, when no run is going on).

The API key comes in the ``X-API-Key`` header or, for browsers (which cannot set headers
on a WebSocket), as a subprotocol: offer ``ai-designer`` and ``api-key.<the key, base64url
without padding>`` (the server answers with ``ai-designer``), which keeps the key out of
URLs. The ``api_key`` query parameter is also accepted (and masked in logs). Errors close the socket with
``4000 + HTTP status`` (4401 no valid key, 4404 unknown design, 4429 rate limited) or 1013
(store unavailable: try again), the reason saying why.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import re
from contextlib import suppress

from fastapi import APIRouter, WebSocket, WebSocketDisconnect

from ai_designer.api.deps import api_context
from ai_designer.api.errors import AuthenticationError, DesignNotFoundError
from ai_designer.api.middleware.auth import API_KEY_HEADER, authenticate, client_address
from ai_designer.api.middleware.rate_limit import check_rate
from ai_designer.api.models import API_PREFIX, DESIGN_ID_PATTERN
from ai_designer.api.problems import status_for
from ai_designer.errors import AIDesignerError
from ai_designer.schemas.events import DesignEvent
from ai_designer.store.base import DesignStore

router = APIRouter()

#: After this long without an event, the stream catches up from the audit trail and checks the run.
IDLE_CHECK_S = 10.0
CLOSE_NORMAL = 1000
CLOSE_TRY_AGAIN = 1013
#: The subprotocol the page offers (and the server picks) when it sends its key as a subprotocol.
SUBPROTOCOL = "ai-designer"
KEY_SUBPROTOCOL_PREFIX = "api-key."
_MAX_REASON_BYTES = 120


def close_code(exc: AIDesignerError) -> int:
    """The WebSocket close code of an error."""
    status = status_for(exc)
    return CLOSE_TRY_AGAIN if status == 503 else 4000 + status


class _Sender:
    """Sends events in ``seq`` order, each once; knows when the watched run has ended."""

    def __init__(self, websocket: WebSocket, revision: int) -> None:
        self.websocket = websocket
        self.revision = revision
        self.last_seq = 0

    async def send_new(self, events: list[DesignEvent]) -> bool:
        """Send the events not sent yet; True when one of them ends the watched run."""
        for event in sorted(events, key=lambda e: e.seq):
            if event.seq <= self.last_seq:
                continue
            await self.websocket.send_text(event.model_dump_json())
            self.last_seq = event.seq
            if event.terminal and event.revision >= self.revision:
                return True
        return False


async def _stream(websocket: WebSocket, store: DesignStore, design_id: str) -> None:
    async with store.subscribe(design_id) as live:
        history = await store.events(design_id)
        state = await store.load(design_id)
        if state is None:
            raise DesignNotFoundError(f"There is no design {design_id}.")
        sender = _Sender(websocket, state.revision)
        if await sender.send_new(history) or state.status.finished:
            return
        while True:
            event = await live.get(IDLE_CHECK_S)
            if event is not None:
                if await sender.send_new([event]):
                    return
                continue
            # Quiet for a while: catch up on anything missed, and stop if the run ended unseen.
            if await sender.send_new(await store.events(design_id)):
                return
            current = await store.load(design_id)
            if current is None or current.status.finished:
                return


async def _until_client_leaves(websocket: WebSocket) -> None:
    while (await websocket.receive())["type"] != "websocket.disconnect":
        pass


def subprotocol_key(offered: list[str]) -> str | None:
    """The API key a browser offered as ``api-key.<base64url>`` among its subprotocols."""
    for protocol in offered:
        if protocol.startswith(KEY_SUBPROTOCOL_PREFIX):
            encoded = protocol.removeprefix(KEY_SUBPROTOCOL_PREFIX)
            try:
                return base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)).decode("utf-8")
            except (binascii.Error, UnicodeDecodeError) as exc:
                raise AuthenticationError(
                    "The api-key subprotocol does not hold base64url text.",
                    hint="Offer the key as api-key.<base64url of the key, no padding>.",
                ) from exc
    return None


async def _serve(websocket: WebSocket, design_id: str) -> None:
    context = api_context(websocket)
    if not re.fullmatch(DESIGN_ID_PATTERN, design_id):
        raise DesignNotFoundError(f"There is no design {design_id[:40]}.")
    key = (
        websocket.headers.get(API_KEY_HEADER)
        or subprotocol_key(list(websocket.scope.get("subprotocols", [])))
        or websocket.query_params.get("api_key")
    )
    caller = authenticate(context.settings, key, client_address(websocket))
    await check_rate(context, caller)
    streaming = asyncio.create_task(_stream(websocket, context.store, design_id))
    watching = asyncio.create_task(_until_client_leaves(websocket))
    done, pending = await asyncio.wait({streaming, watching}, return_when=asyncio.FIRST_COMPLETED)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    if streaming in done:
        streaming.result()
        await websocket.close(CLOSE_NORMAL, "the run ended")


@router.websocket(f"{API_PREFIX}/ws/design/{{design_id}}")
async def design_events(websocket: WebSocket, design_id: str) -> None:
    """Stream a design's events until its current run ends."""
    offered = websocket.scope.get("subprotocols", [])
    await websocket.accept(subprotocol=SUBPROTOCOL if SUBPROTOCOL in offered else None)
    try:
        await _serve(websocket, design_id)
    except WebSocketDisconnect:
        return
    except AIDesignerError as exc:
        reason = exc.message.encode("utf-8")[:_MAX_REASON_BYTES].decode("utf-8", "ignore")
        with suppress(RuntimeError, WebSocketDisconnect):
            await websocket.close(close_code(exc), reason)
