"""Errors only the API raises (each becomes a problem body with its own status, see problems.py)."""

from __future__ import annotations

from ai_designer.errors import AIDesignerError, StateError


class DesignNotFoundError(StateError):
    """No design with that id (never made, deleted, or expired)."""

    default_hint = "Check the id; designs are forgotten DESIGN_TTL_S seconds after their last change."


class DesignBusyError(StateError):
    """The design is running; it cannot be changed until the run ends."""

    default_hint = (
        "Wait until the run ends (watch /api/v1/ws/design/{id} or poll GET /api/v1/design/{id}), "
        "or DELETE the design to cancel it."
    )


class AuthenticationError(AIDesignerError):
    """The request has no valid API key."""

    default_hint = "Send a valid key in the X-API-Key header."


class RateLimitedError(AIDesignerError):
    """The caller sent more requests than its rate limit allows; context holds ``retry_after_s``."""

    default_hint = "Wait for the number of seconds in the Retry-After header, then try again."
