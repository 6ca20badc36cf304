"""Pipeline events as MCP progress notifications, for clients that ask for progress."""

from __future__ import annotations

import asyncio
from typing import Any

from mcp.server.mcpserver import Context

from ai_designer.schemas.events import DesignEvent


class ProgressRelay:
    """An event listener that sends each pipeline event to the client as a progress notification.

    Events are emitted synchronously inside the pipeline's event loop, so each notification is
    sent by a task of its own; :meth:`drain` waits for the ones still on their way.
    """

    def __init__(self, ctx: Context[Any, Any]) -> None:
        self._ctx = ctx
        self._pending: set[asyncio.Task[None]] = set()

    def __call__(self, event: DesignEvent) -> None:
        text = f"{event.stage}: {event.message}" if event.stage else event.message
        task = asyncio.get_running_loop().create_task(self._ctx.report_progress(event.seq, None, text))
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    async def drain(self) -> None:
        """Wait for the notifications still being sent (a failed one is dropped)."""
        if self._pending:
            await asyncio.gather(*self._pending, return_exceptions=True)
