"""LLMProvider against the local OpenAI-compatible stub: litellm's real request/response path runs."""

from __future__ import annotations

import json
import socket
import struct
import zlib
from pathlib import Path

import pytest
from pydantic import BaseModel, Field

from ai_designer.config import Settings
from ai_designer.errors import (
    LLMConnectionError,
    LLMError,
    LLMNotConfiguredError,
    LLMRateLimitError,
    LLMResponseError,
)
from ai_designer.llm.provider import LLMProvider
from ai_designer.llm.vision import vision_message
from ai_designer.schemas.design import ModelUsage, UsageReport
from ai_designer.schemas.llm import LLMMessage, LLMRequest
from helpers.openai_stub import OpenAIStub, RecordedRequest, StubError, StubReply, stub_settings


class Answer(BaseModel):
    name: str
    size_mm: float = Field(gt=0)


def ask(role: str = "planner", text: str = "Give me a part.") -> LLMRequest:
    return LLMRequest(
        role=role,  # type: ignore[arg-type]
        messages=[
            LLMMessage(role="system", content="You design parts."),
            LLMMessage(role="user", content=text),
        ],
    )


def tiny_png(path: Path) -> Path:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"\x00\xff\x00\x00"  # one red pixel, filter byte first
    png = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )
    path.write_bytes(png)
    return path


async def test_structured_call_sends_the_schema_to_a_model_that_supports_it(openai_stub: OpenAIStub) -> None:
    openai_stub.json_reply("gpt-4o", {"name": "plate", "size_mm": 60})
    provider = LLMProvider(stub_settings(openai_stub, planner=["gpt-4o"]))
    report = UsageReport()

    answer, response = await provider.complete_structured(ask(), Answer, report.record)

    assert answer == Answer(name="plate", size_mm=60)
    assert response.parsed == {"name": "plate", "size_mm": 60}
    assert response.model == "openai/gpt-4o"
    (request,) = openai_stub.requests_for("gpt-4o")
    fmt = request.body["response_format"]
    assert fmt["type"] == "json_schema"
    assert fmt["json_schema"]["name"] == "Answer"
    assert fmt["json_schema"]["schema"]["required"] == ["name", "size_mm"]
    assert request.headers["authorization"] == "Bearer stub-key"
    # litellm knows gpt-4o's price: 250 prompt + 80 completion tokens cost something
    assert report.total.calls == 1
    assert report.total.prompt_tokens == 250
    assert report.total.completion_tokens == 80
    assert report.total.cost_usd == pytest.approx(response.usage.cost_usd)
    assert response.usage.cost_usd > 0
    assert response.latency_s > 0


async def test_unknown_model_gets_json_mode_and_the_schema_in_the_prompt(openai_stub: OpenAIStub) -> None:
    openai_stub.json_reply("qwen-local", {"name": "plate", "size_mm": 60})
    provider = LLMProvider(stub_settings(openai_stub, planner=["qwen-local"]))
    usage: list[tuple[str, ModelUsage]] = []

    _answer, response = await provider.complete_structured(ask(), Answer, lambda m, u: usage.append((m, u)))

    (request,) = openai_stub.requests_for("qwen-local")
    assert request.body["response_format"] == {"type": "json_object"}
    system = request.messages[0]["content"]
    assert system.startswith("You design parts.")
    assert "JSON Schema" in system and '"size_mm"' in system
    assert response.usage.cost_usd is None  # no price known for a local model: unknown, not free
    assert usage == [
        ("openai/qwen-local", ModelUsage(calls=1, prompt_tokens=250, completion_tokens=80, cost_usd=None))
    ]


async def test_schema_in_prompt_can_be_left_to_the_caller(openai_stub: OpenAIStub) -> None:
    openai_stub.json_reply("qwen-local", {"name": "plate", "size_mm": 60})
    provider = LLMProvider(stub_settings(openai_stub, planner=["qwen-local"]))

    await provider.complete_structured(ask(), Answer, describe_schema=False)

    assert openai_stub.requests[0].messages[0]["content"] == "You design parts."


async def test_invalid_json_gets_one_repair_turn_quoting_the_errors(openai_stub: OpenAIStub) -> None:
    openai_stub.reply("qwen-local", "Sure! Here is the part: {name: plate}")
    openai_stub.reply("qwen-local", '```json\n{"name": "plate", "size_mm": -3}\n```')
    openai_stub.reply("qwen-local", '{"name": "plate", "size_mm": 3}')
    provider = LLMProvider(stub_settings(openai_stub, planner=["qwen-local"]))
    report = UsageReport()

    with pytest.raises(LLMResponseError) as failed:
        await provider.complete_structured(ask(), Answer, report.record)
    assert "size_mm: Input should be greater than 0" in failed.value.message
    _first, second = openai_stub.requests
    assert "not valid JSON" in second.messages[-1]["content"]
    assert second.messages[-2] == {"role": "assistant", "content": "Sure! Here is the part: {name: plate}"}
    assert report.total.calls == 2  # the failed attempt is paid for too

    answer, _response = await provider.complete_structured(ask(), Answer, report.record)
    assert answer.size_mm == 3
    assert report.total.calls == 3


async def test_repair_turn_fixes_a_schema_violation(openai_stub: OpenAIStub) -> None:
    openai_stub.reply("qwen-local", '{"name": "plate"}')
    openai_stub.reply("qwen-local", '<think>size was missing</think>{"name": "plate", "size_mm": 8}')
    provider = LLMProvider(stub_settings(openai_stub, planner=["qwen-local"]))

    answer, _ = await provider.complete_structured(ask(), Answer)

    assert answer.size_mm == 8
    repair = openai_stub.requests[1].messages[-1]["content"]
    assert "- size_mm: Field required" in repair


@pytest.mark.parametrize("status", [429, 500])
async def test_primary_failure_falls_back_to_the_next_model(openai_stub: OpenAIStub, status: int) -> None:
    openai_stub.fail("primary", status, times=2)  # the first attempt and its one retry
    openai_stub.json_reply("backup", {"name": "plate", "size_mm": 60})
    provider = LLMProvider(stub_settings(openai_stub, planner=["primary", "backup"], llm_max_retries=1))
    report = UsageReport()

    answer, response = await provider.complete_structured(ask(), Answer, report.record)

    assert answer.name == "plate"
    assert response.model == "openai/backup"
    assert [(r.model, r.status) for r in openai_stub.requests] == [
        ("primary", status),
        ("primary", status),
        ("backup", 200),
    ]
    assert list(report.by_model) == ["openai/backup"]  # failed attempts are not billed


async def test_every_model_rate_limited_is_an_llm_rate_limit_error(openai_stub: OpenAIStub) -> None:
    openai_stub.always("primary", StubError(429, "slow down", retry_after_s=0.01))
    openai_stub.always("backup", StubError(429, "slow down", retry_after_s=0.01))
    provider = LLMProvider(stub_settings(openai_stub, planner=["primary", "backup"], llm_max_retries=0))

    with pytest.raises(LLMRateLimitError) as failed:
        await provider.complete(ask())

    assert "openai/primary, openai/backup" in failed.value.message
    assert "PLANNER_MODELS" in failed.value.hint
    # Both models are now cooling down: the next call fails at once, without a request.
    sent = len(openai_stub.requests)
    with pytest.raises(LLMRateLimitError):
        await provider.complete(ask())
    assert len(openai_stub.requests) == sent


async def test_unreachable_server_is_a_connection_error() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings = Settings(
        _env_file=None,
        llm_api_base=f"http://127.0.0.1:{port}/v1",
        planner_models=["openai/primary"],
        llm_max_retries=0,
    )
    provider = LLMProvider(settings)

    with pytest.raises(LLMConnectionError) as failed:
        await provider.complete(ask())
    assert "LLM_API_BASE" in failed.value.hint


async def test_refused_key_says_which_variables_to_check(openai_stub: OpenAIStub) -> None:
    openai_stub.fail("primary", 401, "Incorrect API key provided: sk-proj-abcdefghijklmnopqrstuvwx")
    provider = LLMProvider(stub_settings(openai_stub, planner=["primary"]))

    with pytest.raises(LLMError) as failed:
        await provider.complete(ask())

    assert "LLM_API_KEY" in failed.value.hint
    assert "sk-proj-abcdefghijklmnopqrstuvwx" not in str(failed.value)  # pragma: allowlist secret


async def test_schema_rejected_by_the_provider_falls_back_to_json_mode(openai_stub: OpenAIStub) -> None:
    openai_stub.fail("gpt-4o", 400, "Invalid schema for response_format")
    openai_stub.json_reply("gpt-4o", {"name": "plate", "size_mm": 60})
    provider = LLMProvider(stub_settings(openai_stub, planner=["gpt-4o"]))

    answer, _ = await provider.complete_structured(ask(), Answer)

    assert answer.size_mm == 60
    formats = [r.body["response_format"]["type"] for r in openai_stub.requests]
    assert formats == ["json_schema", "json_object"]


async def test_empty_answer_is_a_response_error(openai_stub: OpenAIStub) -> None:
    openai_stub.script("primary", StubReply("", finish_reason="length"))
    provider = LLMProvider(stub_settings(openai_stub, planner=["primary"]))

    with pytest.raises(LLMResponseError, match="empty answer"):
        await provider.complete(ask())


async def test_images_go_to_the_vision_model_as_data_urls(openai_stub: OpenAIStub, tmp_path: Path) -> None:
    openai_stub.reply("eyes", "Looks like a plate.")
    provider = LLMProvider(stub_settings(openai_stub, vision=["eyes"]))
    png = tiny_png(tmp_path / "preview_iso.png")
    request = LLMRequest(role="vision", messages=[vision_message("What is this?", [png])])

    response = await provider.complete(request)

    assert response.content == "Looks like a plate."
    (sent,) = openai_stub.requests_for("eyes")
    (url,) = sent.image_urls()
    assert url.startswith("data:image/png;base64,iVBORw0KGgo")
    assert "What is this?" in sent.text() and "preview_iso.png" in sent.text()


def test_no_provider_configured_fails_fast_naming_the_variables() -> None:
    settings = Settings(_env_file=None, openai_api_key=None, anthropic_api_key=None, llm_api_base=None)
    assert not settings.llm_configured

    with pytest.raises(LLMNotConfiguredError) as failed:
        LLMProvider(settings)

    text = str(failed.value)
    for variable in (
        "OPENAI_API_KEY",
        "ANTHROPIC_API_KEY",
        "GEMINI_API_KEY",
        "DEEPSEEK_API_KEY",
        "LLM_API_BASE",
    ):
        assert variable in text


def test_empty_key_from_a_copied_env_example_counts_as_not_configured() -> None:
    settings = Settings(_env_file=None, openai_api_key="", llm_api_base=None)

    with pytest.raises(LLMNotConfiguredError):
        LLMProvider(settings)


async def test_role_without_a_usable_model_names_its_variable(openai_stub: OpenAIStub) -> None:
    settings = stub_settings(openai_stub, vision=["gemini/gemini-1.5-pro"])
    provider = LLMProvider(settings)

    assert provider.available("planner")
    assert not provider.available("vision")
    assert provider.models("vision") == ()
    with pytest.raises(LLMNotConfiguredError) as failed:
        await provider.complete(ask(role="vision"))
    assert "VISION_MODELS" in str(failed.value)
    assert openai_stub.requests == []


def test_stub_records_requests_as_json(openai_stub: OpenAIStub) -> None:
    """The stub itself: scripted answers in order, then 404 for an unscripted model."""
    import httpx

    openai_stub.reply("m", "one").fail("m", 503)
    url = f"{openai_stub.base_url}/chat/completions"
    body = {"model": "m", "messages": [{"role": "user", "content": "hi"}]}

    first = httpx.post(url, json=body)
    second = httpx.post(url, json=body)
    third = httpx.post(url, json=body)

    assert first.json()["choices"][0]["message"]["content"] == "one"
    assert first.json()["usage"]["total_tokens"] == 330
    assert second.status_code == 503
    assert third.status_code == 404 and "nothing scripted" in third.json()["error"]["message"]
    assert [r.status for r in openai_stub.requests] == [200, 503, 404]
    assert json.loads(json.dumps(openai_stub.requests[0].body)) == body


async def test_openrouter_names_go_to_llm_api_base_and_are_priced(openai_stub: OpenAIStub) -> None:
    openai_stub.reply("anthropic/claude-3.5-sonnet", "ok")
    provider = LLMProvider(stub_settings(openai_stub, planner=["openrouter/anthropic/claude-3.5-sonnet"]))

    response = await provider.complete(ask())

    assert response.model == "openrouter/anthropic/claude-3.5-sonnet"
    assert response.usage.cost_usd > 0  # litellm knows OpenRouter's prices; openai/<vendor>/<model> gets 0.0
    assert openai_stub.requests[0].headers["authorization"] == "Bearer stub-key"


async def test_stub_answers_can_be_computed_from_the_request(openai_stub: OpenAIStub) -> None:
    """A responder sees the request: e.g. a reviewer that passes only once the holes measure 5 mm."""

    def review(request: RecordedRequest) -> StubReply:
        fixed = "Ø5.00" in request.text()
        return StubReply(json.dumps({"name": "review", "size_mm": 1.0 if fixed else 0.5}))

    openai_stub.always("reviewer-a", review)
    provider = LLMProvider(stub_settings(openai_stub, validator=["reviewer-a"]))

    first, _ = await provider.complete_structured(ask("validator", "holes Ø4.00"), Answer)
    second, _ = await provider.complete_structured(ask("validator", "holes Ø5.00"), Answer)

    assert (first.size_mm, second.size_mm) == (0.5, 1.0)
    assert openai_stub.pending() == {}
