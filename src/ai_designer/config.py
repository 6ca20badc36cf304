"""Settings: environment, then `.env`, then `config/config.yaml`, then defaults.

Every variable is read without a prefix (``FREECAD_PATH``, ``REDIS_URL``,
``OPENAI_API_KEY``...). ``AI_DESIGNER_CONFIG`` points at another YAML file and
``AI_DESIGNER_ENV_FILE`` at another ``.env``. API keys are ``SecretStr``: their
``repr`` and ``str`` never show the value.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    YamlConfigSettingsSource,
)

DEFAULT_CONFIG_FILE = Path("config/config.yaml")
DEFAULT_ENV_FILE = Path(".env")

LogFormat = Literal["auto", "console", "json"]
_SHA256_HEX = re.compile(r"[0-9a-f]{64}")

PROVIDER_KEY_FIELDS: dict[str, str] = {
    "openai": "openai_api_key",
    "anthropic": "anthropic_api_key",
    "gemini": "gemini_api_key",
    "deepseek": "deepseek_api_key",
}


def _data_home() -> Path:
    """~/.local/share/ai-designer (or under XDG_DATA_HOME)."""
    return Path(os.environ.get("XDG_DATA_HOME", str(Path.home() / ".local" / "share"))) / "ai-designer"


class Settings(BaseSettings):
    """All configuration the project reads. See `.env.example` for each variable."""

    model_config = SettingsConfigDict(
        env_file=str(DEFAULT_ENV_FILE),
        env_file_encoding="utf-8",
        extra="ignore",
        case_sensitive=False,
        hide_input_in_errors=True,  # a mistyped key or digest must not end up in a log
    )

    # LLM providers (keys never printed)
    openai_api_key: SecretStr | None = None
    anthropic_api_key: SecretStr | None = None
    gemini_api_key: SecretStr | None = None
    deepseek_api_key: SecretStr | None = None
    llm_api_base: str | None = Field(
        default=None, description="OpenAI-compatible server (Ollama, vLLM, LM Studio, OpenRouter)."
    )
    llm_api_key: SecretStr | None = Field(default=None, description="Key for LLM_API_BASE, if it needs one.")
    planner_models: list[str] = Field(
        default_factory=lambda: ["anthropic/claude-3-5-sonnet-20241022", "gemini/gemini-1.5-pro"]
    )
    generator_models: list[str] = Field(default_factory=lambda: ["openai/gpt-4o", "deepseek/deepseek-coder"])
    validator_models: list[str] = Field(
        default_factory=lambda: ["anthropic/claude-3-5-sonnet-20241022", "openai/gpt-4o"]
    )
    vision_models: list[str] = Field(default_factory=lambda: ["openai/gpt-4o", "gemini/gemini-1.5-pro"])
    llm_timeout_s: float = 30.0
    llm_max_retries: int = 2
    vision_review: bool = Field(
        default=False, description="Also send the PNG previews to a multimodal model for review."
    )

    # FreeCAD engine
    freecad_path: Path | None = None
    freecad_pool_size: int = Field(default=1, ge=0, le=16)
    freecad_max_jobs: int = Field(
        default=4,
        ge=1,
        le=64,
        description="FreeCAD jobs run at once by one process (more wait); they have threads of their own, "
        "so writing finished designs never queues behind them.",
    )
    freecad_timeout_s: float = Field(default=60.0, gt=0)
    freecad_memory_mb: int = Field(default=4096, ge=256)
    freecad_cpu_s: int = Field(default=120, ge=1)
    freecad_output_limit_bytes: int = Field(default=256_000, ge=1024)
    freecad_job_disk_mb: int = Field(
        default=512, ge=64, description="What the script's folder may hold (a tmpfs in the sandbox), in MiB."
    )
    freecad_job_max_files: int = Field(
        default=10_000, ge=100, description="How many files and folders the script's folder may hold."
    )
    freecad_sandbox: Literal["bwrap", "landlock"] = Field(
        default="bwrap",
        description="How FreeCAD jobs are isolated: bwrap (namespaces, own user id, seccomp, Landlock) "
        "or, only where user namespaces are unavailable, landlock (no namespaces; weaker).",
    )
    stl_tolerance_mm: float = Field(default=0.05, gt=0)
    size_min_mm: float = Field(
        default=0.01, gt=0, description="The smallest part or feature size accepted (cad/sanity.py)."
    )
    size_max_mm: float = Field(default=10_000.0, gt=0, description="The largest part size accepted, in mm.")

    # State and services
    redis_url: str | None = None
    design_ttl_s: int = Field(default=24 * 3600, ge=60)
    output_dir: Path = Path("outputs")
    history_file: Path = Field(
        default_factory=lambda: _data_home() / "history.jsonl",
        description="Where `ai-designer history` keeps the list of recent designs.",
    )
    mcp_root: Path = Field(
        default_factory=lambda: _data_home() / "mcp",
        description="Where `ai-designer mcp` keeps its clients' designs and script runs.",
    )

    # Pipeline
    max_iterations: int = Field(default=5, ge=1, le=20)

    # Job queue and workers (`ai-designer worker`; in-process without REDIS_URL)
    embedded_worker: bool | None = Field(
        default=None,
        description="Run designs inside `serve` too; default: yes without REDIS_URL, no with it.",
    )
    worker_concurrency: int = Field(default=2, ge=1, le=64, description="Designs in flight per worker.")
    planner_processes: int = Field(
        default=1,
        ge=1,
        le=16,
        description="Processes of a worker's offline planner (parsing never holds the serving process).",
    )
    queue_max_depth: int = Field(
        default=200, ge=1, description="Designs waiting in the queue; more are refused with 503."
    )
    queue_retry_after_s: int = Field(default=15, ge=1, description="Retry-After sent with a full queue.")
    job_heartbeat_s: int = Field(
        default=10, ge=1, description="A running design without a heartbeat for this long is reclaimed."
    )
    job_sweep_interval_s: int = Field(default=5, ge=1, description="How often workers look for dead jobs.")
    job_max_attempts: int = Field(default=3, ge=1, le=20, description="Deliveries of one design job.")
    job_timeout_s: int = Field(default=1800, ge=0, description="Whole-design time limit; 0 disables.")
    drain_grace_s: float = Field(
        default=60.0, ge=0, description="On SIGTERM, how long running designs may finish before handed back."
    )
    reconcile_interval_s: int = Field(default=30, ge=1)
    export_wait_s: float = Field(default=120.0, gt=0, description="How long GET export waits for a worker.")
    output_retention_s: int = Field(
        default=7 * 24 * 3600, ge=60, description="Design folders of the API older than this are deleted."
    )
    artifact_max_bytes: int = Field(
        default=32 * 1024 * 1024, ge=1024, description="Largest file kept in Redis for the API to serve."
    )
    redis_max_connections: int = Field(default=64, ge=4, description="Redis connections per pool.")
    redis_pool_timeout_s: float = Field(default=5.0, gt=0, description="Wait for a free pooled connection.")

    # REST API (`ai-designer serve`)
    api_keys: list[str] = Field(
        default_factory=list,
        description="SHA-256 hex digests of the accepted X-API-Key values; empty turns authentication off.",
    )
    rate_limit_requests: int = Field(
        default=120, ge=0, description="Requests per API key (or client address) per window; 0 disables."
    )
    rate_limit_window_s: int = Field(default=60, ge=1)
    cors_origins: list[str] = Field(
        default_factory=list, description="Browser origins allowed to call the API (CORS); empty allows none."
    )
    max_request_bytes: int = Field(
        default=64 * 1024, ge=1024, description="Larger request bodies are refused with 413."
    )
    quota_designs: int = Field(
        default=500, ge=0, description="Designs and refines per key (or address) per quota window; 0: off."
    )
    quota_window_s: int = Field(default=3600, ge=1)
    trusted_proxies: list[str] = Field(
        default_factory=list,
        description="Proxy addresses whose X-Forwarded-For is believed; empty: the header is ignored.",
    )

    # Logging
    log_level: str = "INFO"
    log_format: LogFormat = "auto"

    @field_validator("api_keys")
    @classmethod
    def _digests_only(cls, keys: list[str]) -> list[str]:
        """API keys are configured as SHA-256 digests, never in clear."""
        digests = [k.strip().lower() for k in keys if k.strip()]
        bad = [k for k in digests if not _SHA256_HEX.fullmatch(k)]
        if bad:
            raise ValueError(
                "API_KEYS must list SHA-256 hex digests of the keys (64 hex characters each), e.g. "
                '`printf %s "$KEY" | sha256sum`; never the keys themselves.'
            )
        return digests

    @field_validator(
        "openai_api_key",
        "anthropic_api_key",
        "gemini_api_key",
        "deepseek_api_key",
        "llm_api_key",
        mode="before",
    )
    @classmethod
    def _blank_key_is_none(cls, value: object) -> object:
        """An empty variable (as copied from .env.example) means "not set"."""
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("llm_api_base", "redis_url", "freecad_path", "embedded_worker", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        yaml_file = Path(os.environ.get("AI_DESIGNER_CONFIG", str(DEFAULT_CONFIG_FILE)))
        return (
            init_settings,
            env_settings,
            dotenv_settings,
            YamlConfigSettingsSource(settings_cls, yaml_file=yaml_file),
        )

    def configured_providers(self) -> list[str]:
        """Names of the LLM providers that have a key (or an API base), never the keys."""
        found = [name for name, field in PROVIDER_KEY_FIELDS.items() if getattr(self, field) is not None]
        if self.llm_api_base:
            found.append("openai-compatible")
        return found

    @property
    def runs_designs_in_process(self) -> bool:
        """True when `serve` runs designs itself (no REDIS_URL, or EMBEDDED_WORKER=true)."""
        return self.embedded_worker if self.embedded_worker is not None else not self.redis_url

    @property
    def llm_configured(self) -> bool:
        """True when at least one LLM provider can be called."""
        return bool(self.configured_providers())


def load_settings(**overrides: Any) -> Settings:
    """Read settings afresh (env file from AI_DESIGNER_ENV_FILE when set)."""
    env_file = os.environ.get("AI_DESIGNER_ENV_FILE", str(DEFAULT_ENV_FILE))
    return Settings(_env_file=env_file, **overrides)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Process-wide settings, read once."""
    return load_settings()
