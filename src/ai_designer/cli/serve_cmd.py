"""`ai-designer serve`: the REST + WebSocket API under uvicorn.

Without REDIS_URL it also runs the designs; with it, it only queues them for
`ai-designer worker` processes (unless EMBEDDED_WORKER=true).
"""

from __future__ import annotations

import os
import tempfile
from typing import Annotated

import typer

from ai_designer.cli.app import command
from ai_designer.cli.common import cli_settings, fail


@command(
    examples=(
        "ai-designer serve --port 8000",
        "REDIS_URL=redis://127.0.0.1:6379/0 ai-designer serve --workers 2",
    )
)
def serve(
    host: Annotated[
        str,
        typer.Option("--host", metavar="ADDRESS", help="Address to listen on (0.0.0.0 for every interface)."),
    ] = ("127.0.0.1"),
    port: Annotated[int, typer.Option("--port", metavar="PORT", min=1, max=65535, help="TCP port.")] = 8000,
    workers: Annotated[
        int,
        typer.Option(
            "--workers", metavar="N", min=1, help="Processes; more than one needs REDIS_URL (a shared store)."
        ),
    ] = 1,
) -> None:
    """Serve the API: POST /api/v1/design, the design WebSocket, /health, /ready, /metrics, /docs.

    Without REDIS_URL designs run in this process; with it they go to the Redis queue for
    `ai-designer worker` processes.
    """
    import uvicorn

    from ai_designer.metrics import MULTIPROC_ENV

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
    if workers > 1 and not os.environ.get(MULTIPROC_ENV):
        # Every process writes its metrics here and any of them answers /metrics with the sum.
        os.environ[MULTIPROC_ENV] = tempfile.mkdtemp(prefix="ai-designer-metrics-")
    uvicorn.run(
        "ai_designer.api.app:serve_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_config=None,
        proxy_headers=False,  # X-Forwarded-For is trusted by the app, from TRUSTED_PROXIES only
    )
