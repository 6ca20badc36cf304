"""Environment checks behind `ai-designer doctor`."""

from __future__ import annotations

import platform
import sys
import tempfile
from pathlib import Path

from pydantic import BaseModel

from ai_designer.config import Settings
from ai_designer.errors import AIDesignerError
from ai_designer.freecad.path_resolver import find_freecad


class Check(BaseModel):
    """One line of the doctor's report."""

    name: str
    ok: bool
    required: bool
    detail: str
    fix: str = ""


def check_python() -> Check:
    ok = sys.version_info >= (3, 10)
    return Check(
        name="Python",
        ok=ok,
        required=True,
        detail=f"{platform.python_version()} ({sys.executable})",
        fix="" if ok else "Use Python 3.10 or newer.",
    )


def check_freecad(settings: Settings) -> Check:
    try:
        install = find_freecad(settings.freecad_path)
    except AIDesignerError as exc:
        return Check(name="FreeCAD", ok=False, required=True, detail=exc.message, fix=exc.hint)
    return Check(
        name="FreeCAD",
        ok=True,
        required=True,
        detail=f"{install.version} at {install.executable} (found via {install.source})",
    )


def check_redis(settings: Settings) -> Check:
    if not settings.redis_url:
        return Check(name="Redis", ok=True, required=False, detail="not configured (in-memory store is used)")
    try:
        import redis

        client = redis.Redis.from_url(settings.redis_url, socket_connect_timeout=2)
        client.ping()
    except Exception as exc:  # any failure to reach Redis is reported, not raised
        return Check(
            name="Redis",
            ok=False,
            required=True,
            detail=f"REDIS_URL is set but the server did not answer: {type(exc).__name__}",
            fix="Start redis-server, fix REDIS_URL, or unset it to use the in-memory store.",
        )
    return Check(name="Redis", ok=True, required=True, detail="reachable")


def check_llm(settings: Settings) -> Check:
    providers = settings.configured_providers()
    if providers:
        return Check(name="LLM providers", ok=True, required=False, detail=", ".join(providers))
    return Check(
        name="LLM providers",
        ok=True,
        required=False,
        detail="none configured: the offline planner is used",
        fix="Optional: set OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY, DEEPSEEK_API_KEY "
        "or LLM_API_BASE.",
    )


def check_output_dir(settings: Settings) -> Check:
    out = Path(settings.output_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=out, prefix=".doctor-", delete=True):
            pass
    except OSError as exc:
        return Check(
            name="Output directory",
            ok=False,
            required=True,
            detail=f"{out.resolve()} is not writable: {exc.strerror or exc}",
            fix="Set OUTPUT_DIR to a writable folder.",
        )
    return Check(name="Output directory", ok=True, required=True, detail=f"{out.resolve()} is writable")


def run_checks(settings: Settings) -> list[Check]:
    """Every check, in display order."""
    return [
        check_python(),
        check_freecad(settings),
        check_redis(settings),
        check_llm(settings),
        check_output_dir(settings),
    ]


def all_required_ok(checks: list[Check]) -> bool:
    """True when no required check failed."""
    return all(c.ok or not c.required for c in checks)


def environment_summary() -> dict[str, str]:
    """A few facts for bug reports."""
    return {"platform": platform.platform(), "cwd": str(Path.cwd())}
