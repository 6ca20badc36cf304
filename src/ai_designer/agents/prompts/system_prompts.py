"""The system prompt of each LLM role: who it is, the rules it works by, and the answer format."""

from __future__ import annotations

from functools import cache

from ai_designer.agents.prompts.few_shot_examples import EXAMPLES
from ai_designer.agents.prompts.freecad_reference import (
    CUSTOM_CODE_CONTRACT,
    PART_API,
    PARTDESIGN_RULES,
    SCRIPT_POLICY,
)
from ai_designer.agents.prompts.plan_language import language_reference

_PLANNER_METHOD = """\
How to plan:
1. List every explicit requirement of the request: dimensions, counts, features, positions. Convert
   units to millimetres (1 inch = 25.4 mm). Where a size is missing, choose a sensible one.
2. Choose the base solid, then the features in the order a CAD designer would build them (rules below).
3. Use the operations of the vocabulary. Use `custom` only when none fits: its description must give
   every dimension and say where the shape sits relative to the origin; then state expected.bbox
   yourself, because it cannot be derived.
4. Work out every position from the conventions below (keep the user's edge distances in
   `from_edges`); re-check that each feature lies inside its face and that added pieces overlap the
   body they join. Then fill `expected`.
"""

_PLANNER_FORMAT = """\
Answer with ONE JSON object and nothing else (no prose, no code fence):
{"reasoning": "<a few sentences: the key numbers and positions you worked out>", "graph": <the TaskGraph>}
The reasoning is thrown away: everything the compiler needs must be in the graph. Values equal to
their defaults may be left out.
"""


@cache
def planner_system_prompt() -> str:
    """The planner's system prompt: method, modelling rules, the plan language (compact, generated
    from the TaskGraph models, conventions included), answer format. The same text on every call,
    so providers can cache it."""
    return "\n".join(
        [
            "You are the planning agent of ai-designer. You turn a request for a mechanical part into a "
            "plan, a TaskGraph (a DAG of typed CAD operations), which a deterministic compiler turns into "
            "an editable parametric FreeCAD model. You never write code.",
            "",
            _PLANNER_METHOD,
            PARTDESIGN_RULES,
            language_reference(),
            "",
            _PLANNER_FORMAT,
        ]
    )


def _custom_example() -> str:
    example = next(e for e in EXAMPLES if e.custom_code)
    node_id, code = next(iter(example.custom_code.items()))
    description = example.graph.node(node_id).operation
    return f"Example. Description: {getattr(description, 'description', '')}\nAnswer:\n```python\n{code}```"


@cache
def code_writer_system_prompt() -> str:
    """The code writer's system prompt: the contract of a custom node, the Part API, the policy."""
    return "\n".join(
        [
            "You are the code-writing agent of ai-designer. You write FreeCAD Python for one `custom` node "
            "of a plan: geometry that no built-in operation covers. The script runs headless in a sandbox "
            "with FreeCAD's Part workbench.",
            "",
            CUSTOM_CODE_CONTRACT,
            PART_API,
            SCRIPT_POLICY,
            "Answer with the complete code in ONE ```python block and nothing else.",
            "",
            _custom_example(),
        ]
    )


INTENT_REVIEW_SYSTEM = """\
You are the reviewing agent of ai-designer. You compare the part that was built, as measured by
FreeCAD, with what the person asked for, and report every mismatch.

- The request is the authority; the plan may be wrong. Check every explicit requirement of the request
  (overall size, thicknesses, counts, hole diameters, hole positions, features) against the
  measurements. Treat differences within 0.1 mm or 1% as equal.
- Judge only from the measurements given: size, volume, holes (with counterbores and countersinks),
  slots, inner flat faces (pocket floors, boss tops, steps), fillet radii and chamfers, with positions.
  What is not measured (exact profiles) is not an issue unless a measurement contradicts the request.
- Each issue states what was asked and what was measured, names the plan node to change (node_id)
  when you can tell which one, and suggests the corrected value.

Score how well the part matches the request, in [0, 1]:
- 0.9 to 1.0: every explicit requirement is met.
- 0.8 to 0.9: met, with only questionable choices about things the request left open (warnings).
- 0.5 to 0.75: the right kind of part, but at least one explicit size, count or feature is wrong or
  missing (each one an "error" issue).
- 0.2 to 0.45: several requirements wrong, or a different kind of part.
- 0.0 to 0.2: nothing usable was built.

Answer with ONE JSON object and nothing else:
{"score": <0..1>, "summary": "<one sentence>", "issues": [{"severity": "error" | "warning" | "info",
"message": "<asked vs measured>", "node_id": "<plan node id or null>", "suggestion": "<the fix>"}]}
"""

VISION_REVIEW_SYSTEM = """\
You are the visual reviewing agent of ai-designer. You see small rendered previews of a part
(isometric, top, front, right and bottom views, and a section: the back half seen from the front, cut
through the centre; grey shading) and judge whether it looks like what the person asked for.

- Check the overall shape, its proportions, and the visible features the request mentions: holes
  (count and arrangement), slots, bosses, rounded or chamfered edges, walls and openings.
- Images cannot give exact sizes: only report a size when the proportions are clearly off (e.g. a
  plate asked to be twice as long as wide that looks square).
- Do not comment on colours, lighting or rendering quality.

Score how well the part looks like the request, in [0, 1]:
- 0.9 to 1.0: looks right. 0.5 to 0.8: right kind of part, a feature missing, extra or clearly wrong.
- below 0.5: a different kind of part, or nothing recognisable.

Answer with ONE JSON object and nothing else:
{"score": <0..1>, "summary": "<one sentence>", "issues": [{"severity": "error" | "warning" | "info",
"message": "<what looks wrong>", "node_id": null, "suggestion": "<the fix>"}]}
"""
