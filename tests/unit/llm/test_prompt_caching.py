"""Prompt caching and the cost of a design, through litellm to the local stub."""

from __future__ import annotations

import json

from ai_designer.agents.llm_planner import LLMPlanner
from ai_designer.agents.prompts.system_prompts import planner_system_prompt
from ai_designer.llm.caching import caches_on_request, mark_stable_prefix
from ai_designer.llm.provider import LLMProvider
from ai_designer.orchestration.report import summarize
from ai_designer.schemas.design import DesignState, UsageReport
from ai_designer.schemas.task_graph import BoxOp, TaskGraph, TaskNode
from helpers.openai_stub import OpenAIStub, StubReply, stub_settings

PROMPT = "A 60 x 40 x 8 mm plate"
PLAN = TaskGraph(title="plate", nodes=[TaskNode(id="plate", operation=BoxOp(length=60, width=40, height=8))])
ANSWER = json.dumps({"reasoning": "", "graph": PLAN.model_dump(mode="json")})


def test_only_claude_models_are_asked_to_cache() -> None:
    claude = ["anthropic/claude-sonnet-4-5", "bedrock/anthropic.claude-3-haiku", "openai/claude-opus-4"]
    assert all(caches_on_request(m) for m in claude)
    others = ["gpt-4o", "openai/gpt-4.1", "gemini/gemini-2.5-pro", "deepseek/deepseek-chat", "ollama/qwen"]
    assert not any(caches_on_request(m) for m in others)
    messages = [{"role": "system", "content": "rules"}, {"role": "user", "content": "part"}]
    assert mark_stable_prefix(messages, ["gpt-4o"]) is messages


async def test_a_claude_planner_request_marks_the_system_prompt_for_caching(openai_stub: OpenAIStub) -> None:
    openai_stub.script("claude-sonnet-4-5", StubReply(ANSWER, prompt_tokens=5000, cached_tokens=4000))
    planner = LLMPlanner(LLMProvider(stub_settings(openai_stub, planner=["claude-sonnet-4-5"])))
    usage = UsageReport()

    await planner.plan(PROMPT, None, usage.record)

    (request,) = openai_stub.requests
    system = request.messages[0]
    assert system["role"] == "system"
    assert system["content"] == [
        {"type": "text", "text": planner_system_prompt(), "cache_control": {"type": "ephemeral"}}
    ]
    # only the stable part: the examples and the request are not marked
    assert all(isinstance(m["content"], str) for m in request.messages[1:])
    assert json.dumps(request.body).count("cache_control") == 1
    assert usage.total.cached_prompt_tokens == 4000


async def test_other_providers_cache_on_their_own_and_get_no_marker(openai_stub: OpenAIStub) -> None:
    for model in ("gpt-4o", "gemini-2.5-pro", "qwen-local"):
        openai_stub.reply(model, ANSWER)
        planner = LLMPlanner(LLMProvider(stub_settings(openai_stub, planner=[model])))
        await planner.plan(PROMPT, None, UsageReport().record)
    assert len(openai_stub.requests) == 3
    for request in openai_stub.requests:
        assert request.messages[0]["content"] == planner_system_prompt()
        assert "cache_control" not in json.dumps(request.body)


async def test_tokens_and_cost_of_a_design_are_summed_in_the_report(openai_stub: OpenAIStub) -> None:
    openai_stub.script("gpt-4o", StubReply(ANSWER, prompt_tokens=5000, completion_tokens=300))
    openai_stub.script(
        "gpt-4o", StubReply(ANSWER, prompt_tokens=5200, completion_tokens=200, cached_tokens=4096)
    )
    planner = LLMPlanner(LLMProvider(stub_settings(openai_stub, planner=["gpt-4o"])))
    usage = UsageReport()
    await planner.plan(PROMPT, None, usage.record)
    await planner.plan(PROMPT, None, usage.record)

    summary = summarize(DesignState(design_id="d1", prompt=PROMPT, original_prompt=PROMPT, usage=usage))

    assert (summary.llm_calls, summary.llm_prompt_tokens, summary.llm_completion_tokens) == (2, 10200, 500)
    assert summary.llm_cached_prompt_tokens == 4096
    assert summary.llm_cost_usd is not None and summary.llm_cost_usd > 0  # litellm prices gpt-4o


async def test_the_cost_is_null_when_a_price_is_unknown(openai_stub: OpenAIStub) -> None:
    openai_stub.reply("gpt-4o", ANSWER)
    openai_stub.reply("qwen-local", ANSWER)
    usage = UsageReport()
    for model in ("gpt-4o", "qwen-local"):
        planner = LLMPlanner(LLMProvider(stub_settings(openai_stub, planner=[model])))
        await planner.plan(PROMPT, None, usage.record)

    summary = summarize(DesignState(design_id="d1", prompt=PROMPT, original_prompt=PROMPT, usage=usage))

    assert summary.llm_calls == 2 and summary.llm_prompt_tokens == 500
    assert summary.llm_cost_usd is None
    assert usage.by_model["openai/gpt-4o"].cost_usd is not None
    dumped = json.loads(summary.model_dump_json())
    assert dumped["llm_cost_usd"] is None
