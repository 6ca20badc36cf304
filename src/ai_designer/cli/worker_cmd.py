"""`ai-designer worker`: runs designs from the Redis queue that `ai-designer serve` fills."""

from __future__ import annotations

from typing import Annotated

import typer

from ai_designer.cli.app import command
from ai_designer.cli.common import cli_settings, fail, user_errors


@command(examples=("REDIS_URL=redis://127.0.0.1:6379/0 ai-designer worker",))
def worker(
    metrics_port: Annotated[
        int | None,
        typer.Option(
            "--metrics-port",
            metavar="PORT",
            min=1,
            max=65535,
            help="Also serve this worker's Prometheus metrics on PORT (for workers on machines "
            "without an API process, and as a health check).",
        ),
    ] = None,
    metrics_host: Annotated[
        str,
        typer.Option(
            "--metrics-host", metavar="ADDRESS", help="Address of the metrics endpoint; 0.0.0.0: all."
        ),
    ] = "127.0.0.1",
) -> None:
    """Run designs from the queue (REDIS_URL) until SIGTERM/SIGINT; then finish or hand back the
    running ones within DRAIN_GRACE_S and exit. Start as many as you like, on any machine."""
    import asyncio

    from ai_designer.jobs.worker import run_worker_process
    from ai_designer.logging import configure_logging

    settings = cli_settings()
    if not settings.redis_url:
        raise fail(
            "`ai-designer worker` takes designs from a Redis queue, and REDIS_URL is not set.",
            "Set REDIS_URL (the same as `ai-designer serve` uses), e.g. redis://localhost:6379/0; "
            "without Redis, `ai-designer serve` runs designs itself.",
            code=2,
        )
    configure_logging(settings.log_level, settings.log_format)
    with user_errors():
        asyncio.run(run_worker_process(settings, metrics_port, metrics_host))
