"""Writing to a store that may be briefly unavailable (Redis restarting) without losing the write."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

from ai_designer.errors import StoreUnavailableError
from ai_designer.logging import get_logger

T = TypeVar("T")
log = get_logger(__name__)

FIRST_DELAY_S = 0.1
MAX_DELAY_S = 2.0


async def until_stored(operation: Callable[[], Awaitable[T]], *, what: str, give_up_after_s: float) -> T:
    """Run ``operation``, retrying with backoff while the store is unavailable.

    Raises the last StoreUnavailableError once ``give_up_after_s`` has passed.
    """
    deadline = time.monotonic() + give_up_after_s
    delay = FIRST_DELAY_S
    while True:
        try:
            return await operation()
        except StoreUnavailableError as exc:
            if time.monotonic() + delay > deadline:
                log.error("store_write_abandoned", what=what, error=exc.message)
                raise
            log.warning("store_write_retrying", what=what, error=exc.message, retry_in_s=delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, MAX_DELAY_S)
