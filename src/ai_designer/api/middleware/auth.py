"""API keys: clients send ``X-API-Key``; settings hold the SHA-256 digests of the accepted keys.

When ``API_KEYS`` is empty authentication is off and callers are told apart by address
(for rate limiting). Digests are compared with :func:`hmac.compare_digest`, against every
configured digest, so the time taken says nothing about the keys.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from typing import Annotated

from fastapi import Security
from fastapi.security import APIKeyHeader
from starlette.requests import HTTPConnection

from ai_designer.api.deps import api_context
from ai_designer.api.errors import AuthenticationError
from ai_designer.config import Settings

API_KEY_HEADER = "X-API-Key"  # pragma: allowlist secret
IDEMPOTENCY_KEY_HEADER = "Idempotency-Key"

api_key_header = APIKeyHeader(
    name=API_KEY_HEADER,
    auto_error=False,
    description="An API key; required when the server has API_KEYS configured.",
)


@dataclass(frozen=True)
class Caller:
    """Who is calling: ``key:<digest prefix>`` or, with authentication off, ``addr:<address>``."""

    id: str


def key_digest(key: str) -> str:
    """The SHA-256 hex digest of a key (what API_KEYS lists)."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def authenticate(settings: Settings, key: str | None, address: str) -> Caller:
    """The caller for a request carrying ``key``; AuthenticationError when the key is missing or wrong."""
    if not settings.api_keys:
        return Caller(f"addr:{address}")
    if not key:
        raise AuthenticationError(f"This server needs an API key in the {API_KEY_HEADER} header.")
    digest = key_digest(key)
    matched = False
    for accepted in settings.api_keys:
        matched |= hmac.compare_digest(digest, accepted)
    if not matched:
        raise AuthenticationError(
            "The API key is not valid.", hint="Check the key; ask the server's operator for a valid one."
        )
    return Caller(f"key:{digest[:16]}")


def client_address(conn: HTTPConnection) -> str:
    """The client's address as the server sees it.

    X-Forwarded-For is applied by uvicorn, and only when the direct peer is one of
    TRUSTED_PROXIES (see ``ai-designer serve``); otherwise the header is ignored.
    """
    return conn.client.host if conn.client else "unknown"


async def require_caller(
    conn: HTTPConnection, key: Annotated[str | None, Security(api_key_header)]
) -> Caller:
    """Dependency: the authenticated caller of an HTTP route."""
    return authenticate(api_context(conn).settings, key, client_address(conn))
