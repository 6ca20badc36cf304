"""Prometheus metrics: requests, designs, stages, FreeCAD jobs, LLM usage, the queue.

Each :class:`Metrics` has its own registry (so several apps can live in one process, as in
tests). When ``PROMETHEUS_MULTIPROC_DIR`` is set (``ai-designer serve`` and ``worker`` set it
for their processes), prometheus_client's multiprocess mode is on: every process of the host
(API processes and workers) writes its figures to files there and any ``GET /metrics`` sums
them, so counters no longer flip between scrapes. Queue depth, designs in flight and live
workers are read from the queue at scrape time (they are the same for every process).
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Histogram,
    ProcessCollector,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from ai_designer.schemas.design import DesignState
from ai_designer.schemas.events import DesignEvent

_SECONDS_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300)
MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"


def provider_of(model: str) -> str:
    """The provider part of a litellm model name (``openai/gpt-4o`` → ``openai``)."""
    return model.split("/", 1)[0] if "/" in model else model


def multiprocess_dir() -> str | None:
    """The multiprocess directory when multiprocess mode is on."""
    return os.environ.get(MULTIPROC_ENV) or None


class QueueGauges(Collector):
    """Gauges of the queue as last read (the scrape handler refreshes them before rendering)."""

    def __init__(self) -> None:
        self.queued = 0
        self.running = 0
        self.workers = 0

    def collect(self) -> Iterable[Metric]:
        yield GaugeMetricFamily("ai_designer_queue_depth", "Designs waiting for a worker.", value=self.queued)
        yield GaugeMetricFamily(
            "ai_designer_designs_in_flight", "Designs being run by a worker now.", value=self.running
        )
        yield GaugeMetricFamily("ai_designer_workers", "Workers alive.", value=self.workers)


class Metrics:
    """The metrics, and how design events and final states feed them."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.queue = QueueGauges()
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
        self.jobs_reclaimed = Counter(
            "ai_designer_jobs_reclaimed",
            "Designs taken over after their worker died, by how (resumed or rerun).",
            ["how"],
            registry=r,
        )
        if multiprocess_dir() is None:  # in multiprocess mode these are added per scrape
            ProcessCollector(registry=r)
            r.register(self.queue)

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
            if usage.cost_usd is not None:
                self.llm_cost.labels(provider=provider).inc(usage.cost_usd)

    def scrape_registry(self) -> CollectorRegistry:
        """What ``/metrics`` shows: every process of the host in multiprocess mode, else this one."""
        if multiprocess_dir() is None:
            return self.registry
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        registry.register(self.queue)
        return registry

    def render(self) -> bytes:
        """The Prometheus text exposition of every metric."""
        return generate_latest(self.scrape_registry())
