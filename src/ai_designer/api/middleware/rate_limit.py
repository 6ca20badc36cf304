"""Per-caller rate limits and design quotas: fixed windows counted in the store (shared by
every API process).

``RATE_LIMIT_REQUESTS`` requests per ``RATE_LIMIT_WINDOW_S`` seconds per API key (or per
address when authentication is off); one more is answered 429 with ``Retry-After``.
Successful answers carry ``RateLimit-Limit``, ``RateLimit-Remaining`` and ``RateLimit-Reset``.
``QUOTA_DESIGNS`` designs and refines per ``QUOTA_WINDOW_S`` seconds per caller are a
separate, coarser budget: designs cost far more than reads.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Response
from starlette.requests import HTTPConnection

from ai_designer.api.deps import ApiContext, api_context
from ai_designer.api.errors import RateLimitedError
from ai_designer.api.middleware.auth import Caller, require_caller


@dataclass(frozen=True)
class Allowance:
    """What is left of the caller's window after this request."""

    limit: int
    remaining: int
    reset_s: int


async def _count(context: ApiContext, what: str, caller: Caller, limit: int, window: int) -> Allowance | None:
    """Count one against the caller's window; RateLimitedError when over ``limit``, None when off."""
    if limit <= 0:
        return None
    now = time.time()
    index = int(now // window)
    count = await context.store.increment(f"{what}:{caller.id}:{index}", window + 1)
    reset_s = max(1, math.ceil((index + 1) * window - now))
    if count > limit:
        message = (
            f"Too many requests: the limit is {limit} per {window} s."
            if what == "ratelimit"
            else f"Design quota used up: {limit} designs and refines per {window} s."
        )
        raise RateLimitedError(message, retry_after_s=reset_s, limit=limit)
    return Allowance(limit=limit, remaining=limit - count, reset_s=reset_s)


async def check_rate(context: ApiContext, caller: Caller) -> Allowance | None:
    """Count a request; RateLimitedError when over the limit, None when limits are off."""
    settings = context.settings
    return await _count(
        context, "ratelimit", caller, settings.rate_limit_requests, settings.rate_limit_window_s
    )


async def check_quota(context: ApiContext, caller: Caller) -> None:
    """Count a design or refine against the caller's quota; RateLimitedError when it is used up."""
    settings = context.settings
    await _count(context, "quota", caller, settings.quota_designs, settings.quota_window_s)


async def rate_limited_caller(
    conn: HTTPConnection, response: Response, caller: Annotated[Caller, Depends(require_caller)]
) -> Caller:
    """Dependency: the authenticated caller, counted against its rate limit."""
    allowance = await check_rate(api_context(conn), caller)
    if allowance is not None:
        response.headers["RateLimit-Limit"] = str(allowance.limit)
        response.headers["RateLimit-Remaining"] = str(allowance.remaining)
        response.headers["RateLimit-Reset"] = str(allowance.reset_s)
    return caller
