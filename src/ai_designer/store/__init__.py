"""Where designs are kept: in memory (one process) or in Redis (any number of API and worker processes)."""

from __future__ import annotations

from ai_designer.config import Settings
from ai_designer.store.base import DesignStore, EventSubscription


def store_from_settings(settings: Settings) -> DesignStore:
    """The Redis store when REDIS_URL is set, otherwise the in-memory one."""
    if settings.redis_url:
        from ai_designer.store.redis import RedisStore

        return RedisStore.from_url(
            settings.redis_url,
            settings.design_ttl_s,
            settings.redis_max_connections,
            settings.redis_pool_timeout_s,
        )
    from ai_designer.store.memory import MemoryStore

    return MemoryStore(settings.design_ttl_s)


__all__ = ["DesignStore", "EventSubscription", "store_from_settings"]
