"""A local OpenAI-compatible HTTP server that replays scripted answers: the only fake LLM in the tests.

The provider under test talks to it through litellm's real request/response
path (``LLM_API_BASE`` = :attr:`OpenAIStub.base_url`, models named
``openai/<name>``). Answers are scripted per model name and consumed in order;
every request is recorded so a test can assert what was sent.

    stub.reply("planner-a", '{"nodes": [...]}')        # 200 with this content
    stub.fail("planner-a", 429)                         # HTTP 429 rate limit
    stub.json_reply("reviewer", {"score": 0.4, ...})    # content = json.dumps(obj)
    stub.script("coder", lambda request: StubReply(...))  # computed from the request
    stub.always("coder", "...")                         # when nothing is queued

A model with nothing queued and no ``always`` answer gets HTTP 404
``model_not_found`` (not retried by litellm), so a missing script fails fast.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from pydantic import BaseModel, SecretStr

from ai_designer.config import Settings

_ERROR_TYPES = {
    400: "invalid_request_error",
    401: "authentication_error",
    404: "invalid_request_error",
    429: "rate_limit_exceeded",
    500: "server_error",
    503: "server_error",
}


@dataclass(frozen=True)
class StubReply:
    """A 200 answer: the assistant message content and the token counts reported in ``usage``
    (``cached_tokens`` of the prompt tokens were read from the provider's prompt cache)."""

    content: str
    prompt_tokens: int = 250
    completion_tokens: int = 80
    cached_tokens: int = 0
    finish_reason: str = "stop"


@dataclass(frozen=True)
class StubError:
    """An HTTP error answer (429 rate limit, 500 server error, ...)."""

    status: int
    message: str = "scripted failure"
    retry_after_s: float | None = None


Responder = Callable[["RecordedRequest"], "StubReply | StubError"]
Scripted = StubReply | StubError | Responder


@dataclass(frozen=True)
class RecordedRequest:
    """One POST /v1/chat/completions the stub received."""

    model: str
    body: dict[str, Any]
    headers: dict[str, str]
    status: int = 0

    @property
    def messages(self) -> list[dict[str, Any]]:
        """The chat messages as sent."""
        return list(self.body.get("messages", []))

    def text(self) -> str:
        """All text parts of all messages, joined (for asserting on prompts)."""
        parts: list[str] = []
        for message in self.messages:
            content = message.get("content")
            if isinstance(content, str):
                parts.append(content)
            elif isinstance(content, list):
                parts.extend(p.get("text", "") for p in content if p.get("type") == "text")
        return "\n".join(parts)

    def image_urls(self) -> list[str]:
        """The ``image_url`` parts of all messages (data URLs for inline PNGs)."""
        urls: list[str] = []
        for message in self.messages:
            content = message.get("content")
            if isinstance(content, list):
                for part in content:
                    if part.get("type") == "image_url":
                        image = part["image_url"]
                        urls.append(image["url"] if isinstance(image, dict) else image)
        return urls


@dataclass
class _Script:
    queued: dict[str, deque[Scripted]] = field(default_factory=lambda: defaultdict(deque))
    fallback: dict[str, Scripted] = field(default_factory=dict)


class OpenAIStub:
    """The server; use as a context manager (or :meth:`start`/:meth:`stop`)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._script = _Script()
        self.requests: list[RecordedRequest] = []
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> OpenAIStub:
        """Listen on a free 127.0.0.1 port in a daemon thread."""
        stub = self

        class Handler(_Handler):
            owner = stub

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, name="openai-stub", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Shut the server down."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> OpenAIStub:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        """The ``/v1`` base URL to use as ``LLM_API_BASE``."""
        assert self._server is not None, "stub not started"
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    # ------------------------------------------------------------------ scripting

    def script(self, model: str, *answers: Scripted | str) -> OpenAIStub:
        """Queue answers for ``model`` (a plain string is a 200 reply with that content)."""
        with self._lock:
            for answer in answers:
                self._script.queued[model].append(StubReply(answer) if isinstance(answer, str) else answer)
        return self

    def reply(
        self, model: str, content: str, *, prompt_tokens: int = 250, completion_tokens: int = 80
    ) -> OpenAIStub:
        """Queue a 200 answer."""
        return self.script(model, StubReply(content, prompt_tokens, completion_tokens))

    def json_reply(self, model: str, payload: BaseModel | dict[str, Any] | list[Any]) -> OpenAIStub:
        """Queue a 200 answer whose content is ``payload`` as JSON."""
        text = payload.model_dump_json() if isinstance(payload, BaseModel) else json.dumps(payload)
        return self.reply(model, text)

    def fail(
        self, model: str, status: int, message: str = "scripted failure", *, times: int = 1
    ) -> OpenAIStub:
        """Queue ``times`` HTTP errors (``Retry-After: 0`` so retries do not sleep long)."""
        return self.script(model, *[StubError(status, message, retry_after_s=0.01)] * times)

    def always(self, model: str, answer: Scripted | str) -> OpenAIStub:
        """Answer ``model`` with this whenever nothing is queued for it."""
        with self._lock:
            self._script.fallback[model] = StubReply(answer) if isinstance(answer, str) else answer
        return self

    def pending(self) -> dict[str, int]:
        """Queued answers not consumed yet, per model."""
        with self._lock:
            return {m: len(q) for m, q in self._script.queued.items() if q}

    def requests_for(self, model: str) -> list[RecordedRequest]:
        """The requests received for ``model``, oldest first."""
        with self._lock:
            return [r for r in self.requests if r.model == model]

    def reset(self) -> None:
        """Forget scripts and recorded requests."""
        with self._lock:
            self._script = _Script()
            self.requests.clear()

    # ------------------------------------------------------------------ serving

    def _answer(self, model: str, body: dict[str, Any], headers: dict[str, str]) -> StubReply | StubError:
        probe = RecordedRequest(model=model, body=body, headers=headers)
        with self._lock:
            queue = self._script.queued.get(model)
            scripted = queue.popleft() if queue else self._script.fallback.get(model)
        if scripted is None:
            answer: StubReply | StubError = StubError(
                404, f"openai_stub: nothing scripted for model '{model}'"
            )
        elif callable(scripted):
            answer = scripted(probe)
        else:
            answer = scripted
        status = answer.status if isinstance(answer, StubError) else 200
        with self._lock:
            self.requests.append(RecordedRequest(model=model, body=body, headers=headers, status=status))
        return answer


class _Handler(BaseHTTPRequestHandler):
    owner: OpenAIStub

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output quiet."""

    def do_GET(self) -> None:
        if self.path.rstrip("/").endswith("/models"):
            self._send(200, {"object": "list", "data": []})
        else:
            self._send(404, {"error": {"message": "not found", "type": "invalid_request_error"}})

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        raw = self.rfile.read(length) if length else b"{}"
        if not self.path.rstrip("/").endswith("/chat/completions"):
            self._send(404, {"error": {"message": f"no route {self.path}", "type": "invalid_request_error"}})
            return
        try:
            body = json.loads(raw)
        except json.JSONDecodeError:
            self._send(400, {"error": {"message": "body is not JSON", "type": "invalid_request_error"}})
            return
        model = str(body.get("model", ""))
        headers = {k.lower(): v for k, v in self.headers.items()}
        answer = self.owner._answer(model, body, headers)
        if isinstance(answer, StubError):
            extra = {"retry-after": f"{answer.retry_after_s:g}"} if answer.retry_after_s is not None else {}
            error = {
                "message": answer.message,
                "type": _ERROR_TYPES.get(answer.status, "server_error"),
                "code": "model_not_found" if answer.status == 404 else None,
            }
            self._send(answer.status, {"error": error}, extra)
            return
        self._send(200, _completion(model, answer))

    def _send(self, status: int, payload: dict[str, Any], headers: dict[str, str] | None = None) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)


def _completion(model: str, reply: StubReply) -> dict[str, Any]:
    return {
        "id": f"chatcmpl-{uuid.uuid4().hex[:24]}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "system_fingerprint": "fp_openai_stub",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": reply.content, "refusal": None},
                "logprobs": None,
                "finish_reason": reply.finish_reason,
            }
        ],
        "usage": {
            "prompt_tokens": reply.prompt_tokens,
            "completion_tokens": reply.completion_tokens,
            "total_tokens": reply.prompt_tokens + reply.completion_tokens,
            "prompt_tokens_details": {"cached_tokens": reply.cached_tokens, "audio_tokens": 0},
            "completion_tokens_details": {"reasoning_tokens": 0, "audio_tokens": 0},
        },
    }


def stub_settings(
    stub: OpenAIStub,
    *,
    planner: list[str] | None = None,
    generator: list[str] | None = None,
    validator: list[str] | None = None,
    vision: list[str] | None = None,
    **overrides: Any,
) -> Settings:
    """Settings that send every role to the stub (no real provider key set).

    Model names without a provider prefix get ``openai/``, which with
    ``llm_api_base`` set means "the OpenAI-compatible server at LLM_API_BASE".
    """

    def names(given: list[str] | None, default: str) -> list[str]:
        return [m if "/" in m else f"openai/{m}" for m in (given or [default])]

    values: dict[str, Any] = {
        "openai_api_key": None,
        "anthropic_api_key": None,
        "gemini_api_key": None,
        "deepseek_api_key": None,
        "llm_api_base": stub.base_url,
        "llm_api_key": SecretStr("stub-key"),
        "planner_models": names(planner, "planner-a"),
        "generator_models": names(generator, "coder-a"),
        "validator_models": names(validator, "reviewer-a"),
        "vision_models": names(vision, "vision-a"),
        "llm_timeout_s": 10.0,
        "llm_max_retries": 1,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]
