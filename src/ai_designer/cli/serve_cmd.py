"""`ai-designer serve`: the REST + WebSocket API under uvicorn."""

from __future__ import annotations

from typing import Annotated

import typer

from ai_designer.cli.app import app
from ai_designer.cli.common import cli_settings, fail


@app.command()
def serve(
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on (0.0.0.0 for every interface).")
    ] = ("127.0.0.1"),
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="TCP port.")] = 8000,
    workers: Annotated[
        int,
        typer.Option("--workers", min=1, help="Processes; more than one needs REDIS_URL (a shared store)."),
    ] = 1,
) -> None:
    """Serve the API: POST /api/v1/design, the design WebSocket, /health, /ready, /metrics, /docs."""
    import uvicorn

    settings = cli_settings()
    if workers > 1 and not settings.redis_url:
        raise fail(
            f"--workers {workers} needs a store every worker shares, and REDIS_URL is not set.",
            "Set REDIS_URL (e.g. redis://localhost:6379/0), or run one worker with the in-memory store.",
            code=2,
        )
    if not settings.api_keys and host not in ("127.0.0.1", "localhost", "::1"):
        typer.echo(
            f"Warning: API_KEYS is empty, so anyone who can reach {host}:{port} can use the API.", err=True
        )
    uvicorn.run(
        "ai_designer.api.app:serve_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_config=None,
    )
