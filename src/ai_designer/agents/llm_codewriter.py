"""LLMCodeWriter: FreeCAD code for a ``custom`` node, written by the generator models.

The code must pass the script policy and assign a ``Part.Shape`` to ``result``.
A rejected answer goes back with the violations for one more try (two rounds in
all); after that, :class:`~ai_designer.errors.GenerationError`. On a refine the
writer gets the validator's issues and the node's previous code, and rewrites
only that node.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Sequence

from ai_designer.agents.base import UsageSink
from ai_designer.agents.prompts.error_correction import script_problems, script_problems_prompt
from ai_designer.agents.prompts.system_prompts import code_writer_system_prompt
from ai_designer.agents.prompts.task_prompts import custom_code_prompt
from ai_designer.agents.script_validator import check_script
from ai_designer.cad.custom_code import custom_code_problems
from ai_designer.errors import GenerationError
from ai_designer.llm.provider import LLMProvider
from ai_designer.logging import get_logger
from ai_designer.schemas.llm import LLMMessage, LLMRequest
from ai_designer.schemas.script_check import ScriptCheck
from ai_designer.schemas.task_graph import CustomOp, TaskGraph, TaskNode
from ai_designer.schemas.validation import ValidationIssue

log = get_logger(__name__)

MAX_ROUNDS = 2
CODE_MAX_TOKENS = 4000

_FENCE = re.compile(r"```[ \t]*(?:python|py)?[ \t]*\n(.*?)```", re.S | re.I)
_NO_RESULT = "line 0, column 0 [contract]: the code never assigns the final Part.Shape to `result`"


def extract_code(reply: str) -> str:
    """The code in a reply: the longest fenced block, or the whole reply when there is no fence."""
    blocks = [m.group(1) for m in _FENCE.finditer(reply)]
    code = max(blocks, key=len) if blocks else reply
    return code.strip() + "\n"


def assigns_result(code: str) -> bool:
    """True when the code assigns the name ``result`` somewhere (False if it does not parse)."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return False
    for node in ast.walk(tree):
        targets: Sequence[ast.expr] = ()
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
            targets = [node.target]
        if any(isinstance(t, ast.Name) and t.id == "result" for t in targets):
            return True
    return False


def _contract_problems(code: str, check: ScriptCheck) -> list[str]:
    syntax_failed = any(v.rule == "syntax" for v in check.violations)
    if syntax_failed:
        return []
    reaching = [p.replace(": ", " [contract]: ", 1) for p in custom_code_problems(code)]
    return reaching if assigns_result(code) else [_NO_RESULT, *reaching]


class LLMCodeWriter:
    """A :class:`~ai_designer.agents.base.CustomCodeWriter` backed by the generator models."""

    def __init__(self, provider: LLMProvider) -> None:
        """Use ``provider``'s generator models."""
        self._provider = provider

    async def write(
        self,
        node: TaskNode,
        graph: TaskGraph,
        feedback: list[ValidationIssue],
        previous_code: str | None,
        on_usage: UsageSink,
    ) -> str:
        """Policy-checked code assigning the node's shape to ``result`` (GenerationError after two rounds)."""
        if not isinstance(node.operation, CustomOp):
            raise GenerationError(
                f"Node '{node.id}' is a {node.operation.op} operation, not custom code.",
                hint="This is a bug; please report it.",
                node_id=node.id,
            )
        request = LLMRequest(
            role="generator",
            messages=[
                LLMMessage(role="system", content=code_writer_system_prompt()),
                LLMMessage(role="user", content=custom_code_prompt(node, graph, feedback, previous_code)),
            ],
            temperature=0.1,
            max_tokens=CODE_MAX_TOKENS,
        )
        problems: list[str] = []
        for round_number in range(1, MAX_ROUNDS + 1):
            response = await self._provider.complete(request, on_usage)
            code = extract_code(response.content)
            check = check_script(code)
            extra = _contract_problems(code, check)
            if check.ok and not extra:
                return code
            problems = script_problems(check, extra)
            log.info("custom_code_rejected", node=node.id, round=round_number, problems=len(problems))
            if round_number < MAX_ROUNDS:
                request = request.with_turns(
                    LLMMessage(role="assistant", content=response.content),
                    LLMMessage(role="user", content=script_problems_prompt(check, extra)),
                )
        raise GenerationError(
            f"The generator models could not write acceptable code for node '{node.id}' "
            f"in {MAX_ROUNDS} rounds:\n" + "\n".join(f"  - {p}" for p in problems),
            hint="Describe the custom geometry more simply, or choose a stronger model in GENERATOR_MODELS.",
            node_id=node.id,
            problems=problems,
        )
