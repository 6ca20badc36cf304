"""The generator agent: the deterministic compiler, plus the LLM for ``custom`` nodes."""

from __future__ import annotations

from ai_designer.agents.base import BaseAgent, CustomCodeWriter, UsageSink
from ai_designer.cad.compiler import compile_graph
from ai_designer.errors import GenerationError
from ai_designer.schemas.design import DesignState, ModelUsage
from ai_designer.schemas.task_graph import CustomOp, TaskGraph, TaskNode
from ai_designer.schemas.validation import ValidationIssue


def _issues_for(node: TaskNode, feedback: list[ValidationIssue]) -> list[ValidationIssue]:
    """Issues about this node, or all of them when none names a node."""
    named = [i for i in feedback if i.node_id == node.id]
    return named or [i for i in feedback if i.node_id is None]


class GeneratorAgent(BaseAgent):
    """Compiles the graph to a FreeCAD script; custom nodes are written by the code writer.

    On a refine only the custom nodes are regenerated, with the validator's issues
    and their previous code: compiled operations are deterministic and stay as they were.
    """

    name = "generator"

    def __init__(self, code_writer: CustomCodeWriter | None = None) -> None:
        self.code_writer = code_writer

    async def run(self, state: DesignState) -> DesignState:
        graph = state.task_graph
        if graph is None:
            raise GenerationError(
                "The generator ran without a plan.", hint="This is a bug; please report it."
            )
        usage = state.usage.model_copy(deep=True)

        def on_usage(model: str, u: ModelUsage) -> None:
            usage.record(model, u)

        graph = await self._fill_custom_nodes(graph, state.feedback, on_usage)
        compiled = compile_graph(graph, title=graph.title)
        return state.model_copy(
            update={
                "task_graph": graph,
                "generated_script": compiled.code,
                "iteration": state.iteration + 1,
                "usage": usage,
            }
        )

    async def _fill_custom_nodes(
        self, graph: TaskGraph, feedback: list[ValidationIssue], on_usage: UsageSink
    ) -> TaskGraph:
        nodes: list[TaskNode] = []
        for node in graph.nodes:
            op = node.operation
            if isinstance(op, CustomOp) and (op.code is None or feedback):
                if self.code_writer is None:
                    raise GenerationError(
                        f"Node '{node.id}' needs free-form geometry ({op.description!r}), "
                        "which only the LLM generator can write.",
                        hint="Configure an LLM provider (e.g. OPENAI_API_KEY, or LLM_API_BASE for Ollama).",
                        node_id=node.id,
                    )
                code = await self.code_writer.write(
                    node, graph, _issues_for(node, feedback), op.code, on_usage
                )
                node = node.model_copy(update={"operation": op.model_copy(update={"code": code})})
            nodes.append(node)
        return graph.model_copy(update={"nodes": nodes})
