"""structlog set-up: coloured console on a terminal, JSON otherwise or on request.

A correlation id is bound per design or request with :func:`bind_correlation_id`
and appears on every line logged in that context. :func:`redact_secrets` masks
anything that looks like a credential, both by key name and by value shape.
"""

from __future__ import annotations

import logging
import re
import sys
import uuid
from collections.abc import Iterator, MutableMapping
from contextlib import contextmanager
from typing import Any, TextIO

import structlog

REDACTED = "***redacted***"

_SECRET_KEY_NAME = re.compile(r"(api[_-]?key|secret|token|password|passwd|authorization|credential)", re.I)
_SECRET_VALUE = re.compile(
    r"(sk-(?:ant-|proj-)?[A-Za-z0-9_\-]{16,}"  # OpenAI / Anthropic
    r"|AIza[0-9A-Za-z_\-]{30,}"  # Google
    r"|gh[pousr]_[A-Za-z0-9]{30,}"  # GitHub
    r"|xox[baprs]-[A-Za-z0-9\-]{10,}"  # Slack
    r"|(?i:bearer)\s+[A-Za-z0-9._\-]{16,}"
    r"|redis://[^:@/\s]*:[^@/\s]+@)"  # password inside a URL
)


#: A secret in a query string or form (``?api_key=...``), as the WebSocket's browsers send it.
_SECRET_PARAM = re.compile(r"((?:api[_-]?key|token|password|secret)=)[^&\s\"']+", re.I)


def _mask(text: str) -> str:
    return _SECRET_PARAM.sub(rf"\1{REDACTED}", _SECRET_VALUE.sub(REDACTED, text))


class RedactingFilter(logging.Filter):
    """Masks secrets in every stdlib log line (uvicorn's access log shows query strings)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = _mask(message)
        if masked != message:
            record.msg, record.args = masked, ()
        return True


def _redact(value: Any) -> Any:
    if isinstance(value, str):
        return _mask(value)
    if isinstance(value, dict):
        return {k: (REDACTED if _SECRET_KEY_NAME.search(str(k)) else _redact(v)) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_redact(v) for v in value)
    if type(value).__name__ == "SecretStr":
        return REDACTED
    return value


def redact_secrets(
    _logger: Any, _method: str, event_dict: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    """structlog processor: mask values under secret-looking keys and key-shaped strings."""
    for key in list(event_dict):
        if _SECRET_KEY_NAME.search(key):
            event_dict[key] = REDACTED
        else:
            event_dict[key] = _redact(event_dict[key])
    return event_dict


def configure_logging(level: str = "INFO", fmt: str = "auto", stream: TextIO | None = None) -> None:
    """Configure structlog (and the stdlib root logger) once per process.

    ``fmt`` is ``console`` (coloured when the stream is a terminal), ``json`` or
    ``auto`` (console on a terminal, JSON otherwise). Logs go to stderr so that
    stdout stays clean for command output such as ``--json``.
    """
    out = stream if stream is not None else sys.stderr
    numeric = logging.getLevelName(level.upper())
    if not isinstance(numeric, int):
        numeric = logging.INFO
    use_json = fmt == "json" or (fmt == "auto" and not out.isatty())
    renderer: Any = (
        structlog.processors.JSONRenderer()
        if use_json
        else structlog.dev.ConsoleRenderer(colors=out.isatty())
    )
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            redact_secrets,
            structlog.processors.format_exc_info,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(numeric),
        logger_factory=structlog.PrintLoggerFactory(file=out),
        cache_logger_on_first_use=False,
    )
    logging.basicConfig(level=numeric, stream=out, format="%(name)s %(levelname)s %(message)s", force=True)
    for handler in logging.getLogger().handlers:
        handler.addFilter(RedactingFilter())
    for noisy in ("httpx", "httpcore", "LiteLLM", "LiteLLM Router", "LiteLLM Proxy", "litellm", "urllib3"):
        logging.getLogger(noisy).setLevel(max(numeric, logging.WARNING))


def get_logger(name: str | None = None) -> Any:
    """A structlog logger (bound to ``module=name`` when given), configured lazily."""
    # A lazy proxy: binding here would freeze the default (stdout) configuration into
    # loggers created at import time, before configure_logging runs.
    return structlog.get_logger(module=name) if name else structlog.get_logger()


def new_correlation_id() -> str:
    """A fresh random id for a design or request."""
    return uuid.uuid4().hex


@contextmanager
def bind_correlation_id(correlation_id: str | None = None) -> Iterator[str]:
    """Bind a correlation id to every log line in this context (async-safe)."""
    cid = correlation_id or new_correlation_id()
    tokens = structlog.contextvars.bind_contextvars(correlation_id=cid)
    try:
        yield cid
    finally:
        structlog.contextvars.reset_contextvars(**tokens)
