"""Logs: secrets are redacted, the correlation id is bound, JSON when asked."""

from __future__ import annotations

import io
import json

from pydantic import SecretStr

from ai_designer.logging import REDACTED, bind_correlation_id, configure_logging, get_logger

OPENAI_LIKE = "sk-proj-abcdefghijklmnopqrstuvwxyz012345"  # pragma: allowlist secret
GOOGLE_LIKE = "AIzaSyA1234567890abcdefghijklmnopqrstu"  # pragma: allowlist secret


def _capture() -> io.StringIO:
    buf = io.StringIO()
    configure_logging("DEBUG", "json", stream=buf)
    return buf


def _lines(buf: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in buf.getvalue().splitlines() if line.strip()]


def test_values_under_secret_keys_are_redacted() -> None:
    buf = _capture()
    headers = {"Authorization": "Bearer xyz"}
    get_logger("t").info("calling", api_key="plain-value", headers=headers)  # pragma: allowlist secret
    (line,) = _lines(buf)
    assert line["api_key"] == REDACTED
    assert line["headers"] == {"Authorization": REDACTED}
    assert "plain-value" not in buf.getvalue()


def test_key_shaped_strings_are_redacted_anywhere() -> None:
    buf = _capture()
    get_logger("t").warning(f"provider said no for {OPENAI_LIKE}", detail=[f"key={GOOGLE_LIKE}"])
    text = buf.getvalue()
    assert OPENAI_LIKE not in text
    assert GOOGLE_LIKE not in text
    assert text.count(REDACTED) == 2


def test_secretstr_and_redis_password_are_redacted() -> None:
    buf = _capture()
    get_logger().info("cfg", value=SecretStr("hunter2"), url="redis://user:s3cret@localhost:6379/0")
    text = buf.getvalue()
    assert "hunter2" not in text
    assert "s3cret" not in text


def test_correlation_id_is_bound_and_released() -> None:
    buf = _capture()
    with bind_correlation_id("abc123") as cid:
        get_logger().info("inside")
    get_logger().info("outside")
    inside, outside = _lines(buf)
    assert cid == "abc123"
    assert inside["correlation_id"] == "abc123"
    assert "correlation_id" not in outside


def test_console_format_is_plain_text_when_not_a_terminal() -> None:
    buf = io.StringIO()
    configure_logging("INFO", "console", stream=buf)
    get_logger().info("hello", n=1)
    assert "hello" in buf.getvalue()
    assert "\x1b[" not in buf.getvalue()
    assert not buf.getvalue().lstrip().startswith("{")
