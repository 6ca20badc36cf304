"""Settings: environment, then `.env`, then `config/config.yaml`, then defaults.

Every variable is read without a prefix (``FREECAD_PATH``, ``REDIS_URL``,
``OPENAI_API_KEY``...). ``AI_DESIGNER_CONFIG`` points at another YAML file and
``AI_DESIGNER_ENV_FILE`` at another ``.env``. API keys are ``SecretStr``: their
``repr`` and ``str`` never show the value.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, SecretStr
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    YamlConfigSettingsSource,
)

DEFAULT_CONFIG_FILE = Path("config/config.yaml")
DEFAULT_ENV_FILE = Path(".env")

LogFormat = Literal["auto", "console", "json"]

PROVIDER_KEY_FIELDS: dict[str, str] = {
    "openai": "openai_api_key",
    "anthropic": "anthropic_api_key",
    "gemini": "gemini_api_key",
    "deepseek": "deepseek_api_key",
}


class Settings(BaseSettings):
    """All configuration the project reads. See `.env.example` for each variable."""

    model_config = SettingsConfigDict(
        env_file=str(DEFAULT_ENV_FILE),
        env_file_encoding="utf-8",
        extra="ignore",
        case_sensitive=False,
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

    # FreeCAD engine
    freecad_path: Path | None = None
    freecad_pool_size: int = Field(default=1, ge=0, le=16)
    freecad_timeout_s: float = Field(default=60.0, gt=0)
    freecad_memory_mb: int = Field(default=4096, ge=256)
    freecad_cpu_s: int = Field(default=120, ge=1)
    freecad_output_limit_bytes: int = Field(default=256_000, ge=1024)
    stl_tolerance_mm: float = Field(default=0.05, gt=0)

    # State and services
    redis_url: str | None = None
    design_ttl_s: int = Field(default=24 * 3600, ge=60)
    output_dir: Path = Path("outputs")
    history_file: Path = Field(
        default_factory=lambda: (
            Path(os.environ.get("XDG_DATA_HOME", str(Path.home() / ".local" / "share")))
            / "ai-designer"
            / "history.jsonl"
        ),
        description="Where `ai-designer history` keeps the list of recent designs.",
    )

    # Pipeline
    max_iterations: int = Field(default=5, ge=1, le=20)

    # Logging
    log_level: str = "INFO"
    log_format: LogFormat = "auto"

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
