"""Pipeline stages off the event loop: the CPU-heavy agents run on a loop of their own thread.

The offline planner, the compiler and the geometry checks are plain Python computation
inside ``async def run``; on the serving loop one long prompt froze every request and
the stage's timeout could not fire. :func:`offload_stages` moves the planner, generator
and validator agents of a pipeline to one "stage loop" thread (one loop, so the LLM
clients those agents use stay on the loop they were made on). The pipeline still awaits
each stage with its timeout on its own loop, which stays free: the timeout fires on time
and fails the stage, and the abandoned computation is cancelled at its next ``await``.
The executor stays where it is: FreeCAD already runs in its own processes.

Threads share the GIL: a computing stage thread holds it for up to the interpreter's switch
interval (5 ms by default) each time the serving loop wants it back, and answering one
request takes many such hand-overs. The stage loop lowers the interval to
``SWITCH_INTERVAL_S`` so requests answered while a stage computes are not slowed down.
"""

from __future__ import annotations

import asyncio
import sys
import threading
from concurrent.futures import Future

from ai_designer.agents.base import BaseAgent
from ai_designer.orchestration.pipeline import DesignPipeline
from ai_designer.schemas.design import DesignState

#: The stages whose agents compute in Python (the executor waits on FreeCAD processes).
OFFLOADED_STAGES = ("planner", "generator", "validator")
SWITCH_INTERVAL_S = 0.0005


class StageLoop:
    """A daemon thread running an event loop for pipeline stages."""

    def __init__(self) -> None:
        sys.setswitchinterval(min(sys.getswitchinterval(), SWITCH_INTERVAL_S))
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._serve, name="design-stages", daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.loop.run_forever()

    async def run(self, agent: BaseAgent, state: DesignState) -> DesignState:
        """Run the agent on the stage loop; cancelling the caller cancels the stage there."""
        future: Future[DesignState] = asyncio.run_coroutine_threadsafe(agent.run(state), self.loop)
        try:
            return await asyncio.wrap_future(future)
        except asyncio.CancelledError:
            future.cancel()
            raise

    def close(self) -> None:
        """Stop the loop (stages still running there are abandoned)."""
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(5)


class OffloadedAgent(BaseAgent):
    """An agent whose ``run`` happens on the stage loop."""

    def __init__(self, agent: BaseAgent, stages: StageLoop) -> None:
        self.agent = agent
        self.stages = stages
        self.name = agent.name

    async def run(self, state: DesignState) -> DesignState:
        return await self.stages.run(self.agent, state)


def offload_stages(pipeline: DesignPipeline, stages: StageLoop) -> DesignPipeline:
    """Move the pipeline's computing agents to ``stages`` (before its first run)."""
    for name in OFFLOADED_STAGES:
        agent = pipeline.agents[name]
        if not isinstance(agent, OffloadedAgent):
            pipeline.agents[name] = OffloadedAgent(agent, stages)
    return pipeline
