"""Prometheus metrics of the API process: requests, designs, stages, FreeCAD jobs, LLM usage.

Each app has its own registry (so several apps can live in one process, as in tests);
``GET /metrics`` exposes it. With several workers every process reports its own figures.
"""

from __future__ import annotations

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Histogram,
    ProcessCollector,
    generate_latest,
)

from ai_designer.schemas.design import DesignState
from ai_designer.schemas.events import DesignEvent

_SECONDS_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300)


def provider_of(model: str) -> str:
    """The provider part of a litellm model name (``openai/gpt-4o`` → ``openai``)."""
    return model.split("/", 1)[0] if "/" in model else model


class ApiMetrics:
    """The metrics, and how design events and final states feed them."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        ProcessCollector(registry=self.registry)
        r = self.registry
        self.request_seconds = Histogram(
            "ai_designer_http_request_duration_seconds",
            "HTTP request latency by route template.",
            ["method", "route", "status"],
            registry=r,
        )
        self.designs = Counter(
            "ai_designer_designs", "Design runs finished, by outcome.", ["outcome"], registry=r
        )
        self.stage_seconds = Histogram(
            "ai_designer_stage_duration_seconds",
            "Time per pipeline stage in one run (summed over its iterations).",
            ["stage"],
            buckets=_SECONDS_BUCKETS,
            registry=r,
        )
        self.freecad_seconds = Histogram(
            "ai_designer_freecad_job_duration_seconds",
            "Wall time of FreeCAD jobs.",
            ["ok"],
            buckets=_SECONDS_BUCKETS,
            registry=r,
        )
        self.llm_calls = Counter("ai_designer_llm_calls", "LLM calls, by provider.", ["provider"], registry=r)
        self.llm_tokens = Counter(
            "ai_designer_llm_tokens", "LLM tokens, by provider and kind.", ["provider", "kind"], registry=r
        )
        self.llm_cost = Counter(
            "ai_designer_llm_cost_usd", "LLM cost in US dollars, by provider.", ["provider"], registry=r
        )

    def observe_event(self, event: DesignEvent) -> None:
        """Count what an event reports as it happens (FreeCAD job times)."""
        if event.kind == "execution_completed" and "duration_s" in event.data:
            ok = "true" if event.data.get("ok") else "false"
            self.freecad_seconds.labels(ok=ok).observe(float(event.data["duration_s"]))

    def observe_run(self, state: DesignState) -> None:
        """Count a finished run: its outcome, its stage times and its LLM usage."""
        self.designs.labels(outcome=state.status.value).inc()
        for stage, seconds in state.timings_s.items():
            self.stage_seconds.labels(stage=stage).observe(seconds)
        for model, usage in state.usage.by_model.items():
            provider = provider_of(model)
            self.llm_calls.labels(provider=provider).inc(usage.calls)
            self.llm_tokens.labels(provider=provider, kind="prompt").inc(usage.prompt_tokens)
            self.llm_tokens.labels(provider=provider, kind="completion").inc(usage.completion_tokens)
            self.llm_cost.labels(provider=provider).inc(usage.cost_usd)

    def render(self) -> bytes:
        """The Prometheus text exposition of every metric."""
        return generate_latest(self.registry)
