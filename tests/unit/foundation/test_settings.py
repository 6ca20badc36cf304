"""Settings precedence: environment > .env > config.yaml > defaults; secrets never shown."""

from __future__ import annotations

from pathlib import Path

import pytest

from ai_designer.config import load_settings


@pytest.fixture
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    yaml_file = tmp_path / "config.yaml"
    env_file = tmp_path / ".env"
    monkeypatch.setenv("AI_DESIGNER_CONFIG", str(yaml_file))
    monkeypatch.setenv("AI_DESIGNER_ENV_FILE", str(env_file))
    for var in ("LOG_LEVEL", "OUTPUT_DIR", "FREECAD_TIMEOUT_S", "MAX_ITERATIONS"):
        monkeypatch.delenv(var, raising=False)
    return yaml_file, env_file


def test_defaults_apply_when_nothing_is_set(files: tuple[Path, Path]) -> None:
    s = load_settings()
    assert s.log_level == "INFO"
    assert s.freecad_timeout_s == 60.0
    assert s.max_iterations == 5
    assert not s.llm_configured


def test_yaml_overrides_defaults(files: tuple[Path, Path]) -> None:
    yaml_file, _ = files
    yaml_file.write_text("log_level: DEBUG\nfreecad_timeout_s: 30\nplanner_models: ['a/b', 'c/d']\n")
    s = load_settings()
    assert s.log_level == "DEBUG"
    assert s.freecad_timeout_s == 30.0
    assert s.planner_models == ["a/b", "c/d"]


def test_dotenv_overrides_yaml(files: tuple[Path, Path]) -> None:
    yaml_file, env_file = files
    yaml_file.write_text("log_level: DEBUG\nmax_iterations: 3\n")
    env_file.write_text("LOG_LEVEL=WARNING\n")
    s = load_settings()
    assert s.log_level == "WARNING"
    assert s.max_iterations == 3  # untouched by .env, still from yaml


def test_environment_overrides_dotenv(files: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    yaml_file, env_file = files
    yaml_file.write_text("log_level: DEBUG\n")
    env_file.write_text("LOG_LEVEL=WARNING\n")
    monkeypatch.setenv("LOG_LEVEL", "ERROR")
    assert load_settings().log_level == "ERROR"


def test_api_keys_are_secret(files: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    secret = "sk-test-0123456789abcdefghijkl"  # pragma: allowlist secret
    monkeypatch.setenv("OPENAI_API_KEY", secret)
    s = load_settings()
    assert s.openai_api_key is not None
    assert s.openai_api_key.get_secret_value() == secret
    assert secret not in repr(s)
    assert secret not in str(s.model_dump())
    assert s.configured_providers() == ["openai"]


def test_openai_compatible_server_counts_as_provider(
    files: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LLM_API_BASE", "http://127.0.0.1:11434/v1")
    assert load_settings().configured_providers() == ["openai-compatible"]


def test_invalid_value_is_rejected_with_the_field_name(files: tuple[Path, Path]) -> None:
    yaml_file, _ = files
    yaml_file.write_text("freecad_timeout_s: -1\n")
    with pytest.raises(Exception, match="freecad_timeout_s"):
        load_settings()


def test_env_example_lists_every_setting() -> None:
    from ai_designer.config import Settings

    example = (Path(__file__).parents[3] / ".env.example").read_text()
    for name in Settings.model_fields:
        assert f"{name.upper()}=" in example, f"{name.upper()} missing from .env.example"


def test_blank_values_copied_from_env_example_mean_unset(
    files: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, env_file = files
    env_file.write_text("OPENAI_API_KEY=\nLLM_API_BASE=\nREDIS_URL=\nFREECAD_PATH=\n")
    s = load_settings()
    assert s.openai_api_key is None
    assert s.redis_url is None
    assert s.freecad_path is None
    assert not s.llm_configured
